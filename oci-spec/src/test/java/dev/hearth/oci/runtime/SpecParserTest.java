package dev.hearth.oci.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SpecParserTest {

    private static final String VALID = """
            {"ociVersion":"1.1.0",
             "process":{"terminal":false,"user":{"uid":0,"gid":0},"args":["/app/index.js","x"],
                        "env":["PATH=/usr/bin","GREETING=hi=there"],"cwd":"/app",
                        "capabilities":{"bounding":["CAP_KILL"]}},
             "root":{"path":"rootfs","readonly":true},
             "mounts":[{"destination":"/proc","type":"proc","source":"proc"}],
             "linux":{"cgroupsPath":"/default/fn1",
                      "resources":{"memory":{"limit":134217728},"cpu":{"shares":512,"quota":20000,"period":100000},
                                   "pids":{"limit":64},"devices":[{"allow":false,"access":"rwm"}]},
                      "namespaces":[{"type":"pid"}]}}
            """;

    @Test
    void readsTheFieldsHearthUsesAndIgnoresTheRest() throws SpecException {
        Spec spec = SpecParser.parse(VALID);
        assertEquals(java.util.List.of("/app/index.js", "x"), spec.process().args());
        assertEquals("GREETING=hi=there", spec.process().env().get(1));
        assertEquals("/app", spec.process().cwd());
        assertEquals("rootfs", spec.root().path());
        assertEquals("/default/fn1", spec.linux().cgroupsPath());
        assertEquals(134217728L, spec.linux().resources().memory().limit());
        assertNull(spec.linux().resources().memory().swap(), "absent means unset, not zero");
        assertEquals(20000L, spec.linux().resources().cpu().quota());
        assertEquals(64L, spec.linux().resources().pids().limit());
        assertNull(spec.linux().networkNamespacePath(), "a pid namespace, no network one");
    }

    @Test
    void aNetworkNamespaceToJoinIsItsPathOnlyANewOneIsNull() throws SpecException {
        Spec pod = SpecParser.parse(VALID.replace("[{\"type\":\"pid\"}]",
                "[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/var/run/netns/cni-1\"}]"));
        assertEquals("/var/run/netns/cni-1", pod.linux().networkNamespacePath());
        Spec fresh = SpecParser.parse(VALID.replace("[{\"type\":\"pid\"}]", "[{\"type\":\"network\"}]"));
        assertNull(fresh.linux().networkNamespacePath());
    }

    @Test
    void resourcesHearthDoesNotApplyAreListed() {
        assertEquals(java.util.List.of("devices"), SpecParser.unappliedResources(VALID));
        assertEquals(java.util.List.of("blockIO"), SpecParser.unappliedResources(
                "{\"linux\":{\"resources\":{\"memory\":{},\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":1}],"
                        + "\"blockIO\":{\"weight\":10},\"network\":{},\"unified\":null}}}"));
        assertEquals(java.util.List.of(), SpecParser.unappliedResources("{\"process\":{}}"));
    }

    @Test
    void hugepageLimitsAreReadAndAbsentMeansNone() throws Exception {
        var r = SpecParser.parseResources("{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":6291456},"
                + "{\"pageSize\":\"1GB\",\"limit\":0}]}");
        assertEquals(java.util.List.of(new LinuxResources.HugepageLimit("2MB", 6291456L),
                new LinuxResources.HugepageLimit("1GB", 0L)), r.hugepageLimits());
        assertEquals(java.util.List.of(), SpecParser.parseResources("{\"pids\":{\"limit\":5}}").hugepageLimits());
        assertEquals(java.util.List.of(), new LinuxResources(null, null, null, null).hugepageLimits());
    }

    @Test
    void missingProcessIsNamed() {
        var e = assertThrows(SpecException.class, () -> SpecParser.parse("{\"ociVersion\":\"1.0.0\"}"));
        assertTrue(e.getMessage().contains("process"), e.getMessage());
    }

    @Test
    void emptyArgsIsNamed() {
        var e = assertThrows(SpecException.class,
                () -> SpecParser.parse("{\"process\":{\"args\":[],\"cwd\":\"/\"}}"));
        assertTrue(e.getMessage().contains("process.args"), e.getMessage());
    }

    @Test
    void relativeCwdIsRejected() {
        var e = assertThrows(SpecException.class,
                () -> SpecParser.parse("{\"process\":{\"args\":[\"a.js\"],\"cwd\":\"app\"}}"));
        assertTrue(e.getMessage().contains("process.cwd"), e.getMessage());
    }

    @Test
    void envEntryWithoutNameIsRejected() {
        var e = assertThrows(SpecException.class,
                () -> SpecParser.parse("{\"process\":{\"args\":[\"a.js\"],\"cwd\":\"/\",\"env\":[\"=x\"]}}"));
        assertTrue(e.getMessage().contains("process.env"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheFieldPath() {
        var e = assertThrows(SpecException.class, () -> SpecParser.parse(
                "{\"process\":{\"args\":[\"a.js\"],\"cwd\":\"/\"},\"linux\":{\"resources\":{\"memory\":{\"limit\":\"lots\"}}}}"));
        assertTrue(e.getMessage().contains("linux.resources.memory.limit"), e.getMessage());
    }

    @Test
    void invalidJsonIsReported() {
        var e = assertThrows(SpecException.class, () -> SpecParser.parse("{\"process\":"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
