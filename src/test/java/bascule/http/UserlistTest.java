package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Basic credentials against userlists, with crypt hashes made by openssl and glibc. */
class UserlistTest {
    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static Userlists lists() throws Exception {
        // Hashes of "secret": openssl passwd -1/-5/-6 -salt ..., and glibc crypt() for DES and rounds.
        return Userlists.of(Instance.parse("""
                userlist L
                    group admins users md5
                    user md5 password $1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1
                    user sha256 password $5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
                    user sha512 password $6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1 groups admins
                    user rounds password $6$rounds=10000$saltsalt$WowrPBpEDVlCoruBosYlrZycTCx3//TyDHYqEhX9DUHHt0XTztUqzQDDUuvUGRA8aUe9p55hcAxeGcu58sm3u.
                    user des password abNANd1rDfiNc
                    user plain insecure-password p:ss
                    user nopass
                """, "t.cfg").userlists());
    }

    @Test
    void everySupportedHashKindVerifies() throws Exception {
        Userlist l = lists().get("L");
        for (String u : new String[] {"md5", "sha256", "sha512", "rounds", "des"}) {
            assertThat(l.authenticate(basic(u + ":secret"))).as(u).isEqualTo(u);
            assertThat(l.authenticate(basic(u + ":Secret"))).as(u).isNull();
        }
        // The password is everything after the first colon.
        assertThat(l.authenticate(basic("plain:p:ss"))).isEqualTo("plain");
        assertThat(l.authenticate(basic("plain:p"))).isNull();
        assertThat(l.authenticate(basic("nopass:"))).isNull();
        assertThat(l.authenticate(basic("ghost:secret"))).isNull();
    }

    @Test
    void malformedHeadersAreRejected() throws Exception {
        Userlist l = lists().get("L");
        assertThat(l.authenticate(null)).isNull();
        assertThat(l.authenticate("Bearer abc")).isNull();
        assertThat(l.authenticate("Basic !!!")).isNull();
        assertThat(l.authenticate("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))).isNull();
        assertThat(l.authenticate("basic  " + Base64.getEncoder().encodeToString("plain:p:ss".getBytes())))
                .isEqualTo("plain");
    }

    @Test
    void groupsMergeBothDeclarations() throws Exception {
        Userlists all = lists();
        assertThat(all.groups("L", "md5")).containsExactly("admins");
        assertThat(all.groups("L", "sha512")).containsExactly("admins");
        assertThat(all.groups("L", "des")).isEmpty();
        assertThat(all.groups("nolist", "des")).isEmpty();
        assertThat(all.authenticate("nolist", basic("des:secret"))).isNull();
    }

    @Test
    void aRepeatedHeaderIsAnsweredFromTheCacheWithoutCrypt() throws Exception {
        Userlist l = lists().get("L");
        String header = basic("rounds:secret");
        assertThat(l.authenticate(header)).isEqualTo("rounds");
        // 10000 rounds of SHA-512 cost milliseconds each; the cached answer does not.
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            assertThat(l.authenticate(header)).isEqualTo("rounds");
        }
        long perCall = (System.nanoTime() - start) / 2000;
        long cryptStart = System.nanoTime();
        assertThat(l.check("rounds", "secret".getBytes(StandardCharsets.UTF_8))).isTrue();
        long crypt = System.nanoTime() - cryptStart;
        assertThat(perCall).isLessThan(crypt / 5);
    }
}
