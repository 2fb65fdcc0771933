package dev.hearth.build.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void bearerWithRealmServiceAndScope() {
        AuthChallenge c = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/x:pull,push\"");
        assertTrue(c.isBearer());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:library/x:pull,push"), c.parameters());
    }

    @Test
    void basicCaseInsensitiveNamesTokensAndEscapes() {
        AuthChallenge c = AuthChallenge.parse("basic Realm=\"say \\\"hi\\\"\" , charset=UTF-8");
        assertTrue(c.isBasic());
        assertEquals("say \"hi\"", c.parameter("realm"));
        assertEquals("UTF-8", c.parameter("CHARSET"));
    }

    @Test
    void aSecondChallengeEndsTheFirst() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"r\", Basic realm=\"b\"");
        assertEquals("Bearer", c.scheme());
        assertEquals(Map.of("realm", "r"), c.parameters());
    }

    @Test
    void malformedHeadersAreNamed() {
        assertEquals("empty WWW-Authenticate header", assertThrows(IllegalArgumentException.class, () -> AuthChallenge.parse(" ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthChallenge.parse("Bearer realm=\"open"))
                .getMessage().startsWith("unterminated quoted string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthChallenge.parse("Bearer =x"))
                .getMessage().contains("expected name=value"));
    }
}
