package bascule.model;

import java.util.List;

/** One {@code bind} line: its addresses and options. {@code maxconn} 0 means the frontend's limit applies. */
public record BindSpec(List<Address> addresses, String name, int maxconn, boolean v4v6, boolean v6only,
                       String iface, Position position) {
    public BindSpec {
        addresses = List.copyOf(addresses);
    }
}
