package bascule;

import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version strings for {@code -v} and {@code -vv}. */
final class BuildInfo {
    private BuildInfo() {
    }

    static String version() {
        return props().getProperty("version", "unknown");
    }

    static String nettyVersion() {
        Version v = Version.identify().get("netty-transport");
        return v != null ? v.artifactVersion() : props().getProperty("netty", "unknown");
    }

    private static Properties props() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/bascule/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall back to "unknown"
        }
        return p;
    }
}
