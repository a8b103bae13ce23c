package bascule.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed-request corpus in {@code src/test/resources/http/malformed/corpus.txt}.
 *
 * <p>Format: a case starts with {@code == name}. Then {@code key: value} lines: {@code bascule} (what
 * Bascule's codec produces: {@code pass} per complete request passed on, or an error status, in order,
 * separated by spaces), {@code haproxy} (what real HAProxy 2.6.12 answered: {@code forwarded} per response
 * that came from the backend, or the status HAProxy produced itself, or {@code closed} when it closed without
 * answering), and an optional {@code note}. All following lines up to the next case are the raw bytes; the
 * file's own line breaks are dropped and bytes are written with escapes: {@code \r \n \t \0 \\ \xHH}, and
 * {@code \*N:c} for N copies of the character c. Lines starting with {@code #} are comments.
 */
record HttpCorpus(List<Case> cases) {

    /** One case: raw bytes and the two expected outcomes. */
    record Case(String name, byte[] bytes, List<String> bascule, List<String> haproxy, String note) {
        @Override
        public String toString() {
            return name;
        }

        /** HAProxy's recorded outcomes; where its answer depends on timing, the alternatives split on "|". */
        List<List<String>> haproxyAlternatives() {
            List<List<String>> alternatives = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (String word : haproxy) {
                if (word.equals("|")) {
                    alternatives.add(List.copyOf(current));
                    current.clear();
                } else {
                    current.add(word);
                }
            }
            alternatives.add(List.copyOf(current));
            return alternatives;
        }
    }

    static HttpCorpus load() {
        try (InputStream in = HttpCorpus.class.getResourceAsStream("/http/malformed/corpus.txt")) {
            if (in == null) {
                throw new IllegalStateException("corpus.txt is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpCorpus parse(String text) {
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<String> bascule = List.of();
        List<String> haproxy = List.of();
        String note = "";
        StringBuilder raw = new StringBuilder();
        int lineNo = 0;
        for (String line : (text + "\n== end").split("\n", -1)) {
            lineNo++;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("== ")) {
                if (name != null) {
                    if (bascule.isEmpty() || haproxy.isEmpty() || raw.isEmpty()) {
                        throw new IllegalArgumentException("corpus case '" + name
                                + "' needs bascule:, haproxy: and raw bytes (before line " + lineNo + ")");
                    }
                    cases.add(new Case(name, unescape(raw.toString(), name), bascule, haproxy, note));
                }
                name = line.substring(3).strip();
                bascule = List.of();
                haproxy = List.of();
                note = "";
                raw.setLength(0);
            } else if (name != null && raw.isEmpty() && line.startsWith("bascule:")) {
                bascule = words(line.substring(8));
            } else if (name != null && raw.isEmpty() && line.startsWith("haproxy:")) {
                haproxy = words(line.substring(8));
            } else if (name != null && raw.isEmpty() && line.startsWith("note:")) {
                note = line.substring(5).strip();
            } else if (name != null) {
                raw.append(line);
            }
        }
        return new HttpCorpus(List.copyOf(cases));
    }

    private static List<String> words(String s) {
        return List.of(s.strip().split("\\s+"));
    }

    static byte[] unescape(String s, String caseName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                if (c > 0xff) {
                    throw new IllegalArgumentException(caseName + ": use \\xHH for non-Latin-1 characters");
                }
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case '*' -> {
                    int colon = s.indexOf(':', i);
                    int n = Integer.parseInt(s.substring(i + 1, colon));
                    char r = s.charAt(colon + 1);
                    for (int k = 0; k < n; k++) {
                        out.write(r);
                    }
                    i = colon + 1;
                }
                default -> throw new IllegalArgumentException(caseName + ": unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }
}
