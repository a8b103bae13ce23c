package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Model;
import bascule.model.UserlistSpec;
import org.junit.jupiter.api.Test;

/** userlist sections: users, groups both ways, and hashes checked at load. */
class UserlistBinderTest {
    private static Model bind(String text) throws ConfigErrors {
        return Instance.parse(text, "t.cfg");
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(text));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    @Test
    void usersAndGroupsFromBothSides() throws Exception {
        Model m = bind("""
                userlist L
                    group admins users alice
                    group ops
                    user alice password $6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
                    user bob insecure-password s3cret groups ops,admins
                    user carol
                """);
        UserlistSpec l = m.userlists().get(0);
        assertThat(l.name()).isEqualTo("L");
        assertThat(l.groups()).containsExactlyInAnyOrder("admins", "ops");
        assertThat(l.users().get("alice").groups()).containsExactly("admins");
        assertThat(l.users().get("alice").insecure()).isFalse();
        assertThat(l.users().get("bob").groups()).containsExactlyInAnyOrder("ops", "admins");
        assertThat(l.users().get("bob").password()).isEqualTo("s3cret");
        assertThat(l.users().get("carol").password()).isNull();
    }

    @Test
    void unknownReferencesAreErrorsWithTheLine() {
        assertThat(error("userlist L\n    user a insecure-password x groups G,H\n    group G\n"))
                .contains("t.cfg:2: userlist 'L': no such group 'H' specified in user 'a'");
        assertThat(error("userlist L\n    group G users a\n"))
                .contains("t.cfg:2: userlist 'L': no such user 'a' specified in group 'G'");
        assertThat(error("userlist L\n    user a insecure-password x foo bar\n"))
                .contains("t.cfg:2: 'user' only supports 'password', 'insecure-password' and 'groups' options");
        assertThat(error("userlist L\n    group G foo\n")).contains("t.cfg:2: 'group' only supports the 'users");
        assertThat(error("userlist L\n    usr a\n")).contains("t.cfg:2: unknown keyword 'usr' in userlist 'L'")
                .contains("did you mean 'user'?");
        assertThat(error("userlist\n")).contains("t.cfg:1: 'userlist' expects <name> as argument");
    }

    @Test
    void duplicatesAreIgnoredWithAWarningAsInHaproxy() throws Exception {
        Model m = bind("userlist L\n    user a insecure-password one\n    user a insecure-password two\n"
                + "userlist L\n    user b insecure-password x\n");
        assertThat(m.userlists()).hasSize(1);
        assertThat(m.userlists().get(0).users().get("a").password()).isEqualTo("one");
        assertThat(m.warnings()).contains("t.cfg:3: ignoring duplicated user 'a' in userlist 'L'",
                "t.cfg:4: ignoring duplicated userlist 'L'");
    }

    @Test
    void hashesBasculeCannotVerifyAreRefusedAtLoad() throws Exception {
        bind("""
                userlist L
                    user md5 password $1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1
                    user sha256 password $5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
                    user rounds password $6$rounds=10000$saltsalt$WowrPBpEDVlCoruBosYlrZycTCx3//TyDHYqEhX9DUHHt0XTztUqzQDDUuvUGRA8aUe9p55hcAxeGcu58sm3u.
                    user des password abNANd1rDfiNc
                """);
        assertThat(error("userlist L\n    user a password $2y$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui\n"))
                .contains("t.cfg:2: user 'a': password hash uses bcrypt ('$2y$'), which Bascule cannot verify")
                .contains("$6$");
        assertThat(error("userlist L\n    user a password $y$j9T$abc$def\n")).contains("uses yescrypt ('$y$')");
        assertThat(error("userlist L\n    user a password secret\n")).contains("is not a crypt(3) hash");
        assertThat(error("userlist L\n    user a password $6$salt\n")).contains("is not a well-formed SHA-512 crypt hash");
    }
}
