package io.vigil.sink;

import java.util.List;

/** A page of alerts, newest first; {@code nextCursor} is null on the last page. */
public record AlertPage(List<StoredAlert> alerts, String nextCursor) {}
