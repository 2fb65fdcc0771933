package dev.hearth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EndToEndLogFieldTest {
    private static final String CREATED =
            "time=2026-11-27T09:05:12.128018202Z level=info component=task msg=created id=q1 pid=20150 ms=15.2 launcherMs=9.8";

    @Test
    void readsAKeysValueAndOnlyThatKeys() {
        assertEquals("q1", EndToEnd.logField(CREATED, "id"));
        assertEquals("15.2", EndToEnd.logField(CREATED, "ms"), "not the tail of launcherMs");
        assertEquals("9.8", EndToEnd.logField(CREATED, "launcherMs"));
        assertEquals("created", EndToEnd.logField(CREATED, "msg"));
    }

    @Test
    void aMissingKeyOrAQuotedValueIsNull() {
        assertNull(EndToEnd.logField(CREATED, "status"));
        assertNull(EndToEnd.logField("level=info msg=\"shutdown requested\" id=x", "msg"));
    }
}
