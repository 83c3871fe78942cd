package org.evoke.bench;

import org.evoke.tensor.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MachineTest {
    @Test
    void descriptionNamesTheCpuCoresAndBackend() {
        String d = Machine.describe();
        assertFalse(Machine.cpuModel().isBlank());
        assertTrue(d.startsWith(Machine.cpuModel()), d);
        assertTrue(d.contains(Runtime.getRuntime().availableProcessors() + " logical cores"), d);
        assertTrue(d.contains(Backend.describe()), d);
    }
}
