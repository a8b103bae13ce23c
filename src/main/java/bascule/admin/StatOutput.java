package bascule.admin;

import java.util.List;

/**
 * Writes {@code show stat} rows in HAProxy's three formats: CSV (header line, one line per row, every field
 * followed by a comma), typed ({@code S.3.1.4.scur.1:MGP:u32:0}, one line per non-empty field) and JSON
 * (an array of rows, each an array of field objects).
 */
public final class StatOutput {
    private StatOutput() {
    }

    public static String csv(List<StatRow> rows) {
        StringBuilder b = new StringBuilder(StatFields.csvHeader());
        for (StatRow r : rows) {
            for (int i = 0; i < StatFields.TOTAL; i++) {
                if (i == StatFields.STANDARD) {
                    b.append("-,");
                }
                Field f = r.field(i);
                if (f != null) {
                    b.append(f.isString() ? csvText(f.value()) : f.value());
                }
                b.append(',');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** HAProxy quotes a CSV text only when it holds a comma, a quote or a line break, doubling quotes. */
    static String csvText(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public static String typed(List<StatRow> rows) {
        StringBuilder b = new StringBuilder();
        for (StatRow r : rows) {
            for (int i = 0; i < StatFields.TOTAL; i++) {
                Field f = r.field(i);
                if (f == null) {
                    continue;
                }
                b.append(r.kind().letter()).append('.').append(r.proxyId()).append('.').append(r.serverId())
                        .append('.').append(i).append('.').append(StatFields.name(i)).append(".1:")
                        .append(f.tags()).append(':').append(f.type()).append(':').append(f.value()).append('\n');
            }
        }
        return b.toString();
    }

    public static String json(List<StatRow> rows) {
        StringBuilder b = new StringBuilder("[");
        boolean firstRow = true;
        for (StatRow r : rows) {
            b.append(firstRow ? "[" : ",[");
            firstRow = false;
            boolean first = true;
            for (int i = 0; i < StatFields.TOTAL; i++) {
                Field f = r.field(i);
                if (f == null) {
                    continue;
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append("{\"objType\":\"").append(r.kind().jsonName()).append("\",\"proxyId\":").append(r.proxyId())
                        .append(",\"id\":").append(r.serverId()).append(",\"field\":{\"pos\":").append(i)
                        .append(",\"name\":\"").append(StatFields.name(i)).append("\"},\"processNum\":1,\"tags\":")
                        .append(f.jsonTags()).append(",\"value\":").append(f.jsonValue()).append('}');
            }
            b.append(']');
        }
        return b.append("]\n").toString();
    }
}
