package bascule.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser must reject what Prometheus rejects, or the exporter tests prove nothing. */
class PromParserTest {
    @Test
    void readsFamiliesSamplesAndEscapes() {
        Map<String, PromParser.Family> f = PromParser.parse("""
                # HELP a_total Things
                # TYPE a_total counter
                a_total{proxy="x\\"y\\\\z\\n"} 3
                a_total{proxy="w"} NaN
                # TYPE h histogram
                h_bucket{le="0.5"} 1
                h_bucket{le="+Inf"} 2
                h_sum 0.7
                h_count 2
                """);
        assertThat(f).containsOnlyKeys("a_total", "h");
        assertThat(f.get("a_total").help()).isEqualTo("Things");
        assertThat(f.get("a_total").samples().get(0).labels()).containsEntry("proxy", "x\"y\\z\n");
        assertThat(f.get("a_total").samples().get(1).value()).isNaN();
        assertThat(f.get("h").samples()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a 1\n",                                                   // no TYPE
        "# TYPE a gauge\na 1\na 2\n",                              // duplicate series
        "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n",                  // label twice
        "# TYPE a gauge\na{x=1} 1\n",                              // unquoted
        "# TYPE a gauge\na{x=\"\\t\"} 1\n",                        // bad escape
        "# TYPE a gauge\na{1x=\"1\"} 1\n",                         // bad label name
        "# TYPE a gauge\na one\n",                                 // bad number
        "# TYPE a gauge\na 1",                                     // no final line feed
        "# TYPE a gauge\n\na 1\n",                                 // empty line
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n",         // family split
        "# TYPE a gauge\n# TYPE a gauge\na 1\n",                   // second TYPE
        "# TYPE a gauge\nb 1\n",                                   // other family's sample
        "# TYPE a bogus\na 1\n",                                   // bad type
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",                 // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // decreasing
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",                      // count differs
        "# TYPE a gauge\n",                                        // TYPE without samples
    })
    void rejects(String text) {
        assertThatThrownBy(() -> PromParser.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
