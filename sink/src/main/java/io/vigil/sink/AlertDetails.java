package io.vigil.sink;

import java.util.List;

/** An alert with its event history, oldest event first. */
public record AlertDetails(StoredAlert alert, List<AlertEventEntry> events) {}
