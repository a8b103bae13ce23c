package bascule.config;

import bascule.model.HttpReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the files of reply options at load: {@code file}/{@code lf-file} bodies and {@code errorfile} whole
 * HTTP responses. Bytes become ISO-8859-1 characters so that any byte survives the trip to the wire.
 */
final class ErrorFiles {
    private ErrorFiles() {
    }

    /** The body of {@code file} or {@code lf-file}; an empty or unreadable file is an error, as in HAProxy. */
    static String text(ConfigLine line, String what, String path, String option) throws ConfigException {
        String text = read(line, what, path, option);
        if (text.isEmpty()) {
            throw new ConfigException(line.position(), "'" + what + " " + option + "': file '" + path + "' is empty");
        }
        return text;
    }

    /** An {@code errorfile}: a complete HTTP/1.x response (status line, headers, blank line, body). */
    static HttpReply read(ConfigLine line, String what, String path) throws ConfigException {
        String text = read(line, what, path, "errorfile");
        int headEnd = text.indexOf("\r\n\r\n");
        int sep = 4;
        if (headEnd < 0) {
            headEnd = text.indexOf("\n\n");
            sep = 2;
        }
        if (headEnd < 0) {
            throw new ConfigException(line.position(), "'" + what + " errorfile': file '" + path + "' is not an HTTP "
                    + "response: it needs a status line, headers and an empty line before the body");
        }
        String[] head = text.substring(0, headEnd).split("\r?\n");
        String[] status = head[0].split(" ", 3);
        int code = -1;
        if (status.length >= 2 && status[0].startsWith("HTTP/1.")) {
            try {
                code = Integer.parseInt(status[1]);
            } catch (NumberFormatException e) {
                code = -1;
            }
        }
        if (code < 200 || code > 599) {
            throw new ConfigException(line.position(), "'" + what + " errorfile': file '" + path + "' must start "
                    + "with a status line such as 'HTTP/1.1 403 Forbidden' (status 200 to 599) but starts with '"
                    + head[0] + "'");
        }
        List<HttpReply.FileHeader> headers = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(line.position(), "'" + what + " errorfile': file '" + path + "', line "
                        + (i + 1) + " is not a header ('name: value'): '" + head[i] + "'");
            }
            headers.add(new HttpReply.FileHeader(head[i].substring(0, colon), head[i].substring(colon + 1).strip()));
        }
        return new HttpReply(code, HttpReply.Source.ERRORFILE, null, text.substring(headEnd + sep), null, List.of(),
                status.length > 2 ? status[2] : "", headers);
    }

    private static String read(ConfigLine line, String what, String path, String option) throws ConfigException {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(line.position(), "'" + what + " " + option + "': cannot read file '" + path
                    + "': " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
