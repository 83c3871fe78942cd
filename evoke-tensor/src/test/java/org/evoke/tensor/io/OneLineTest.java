package org.evoke.tensor.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OneLineTest {

    @Test
    void controlCharactersAndEscapesBecomeQuestionMarksAndLongMessagesAreCut() {
        assertEquals("a?b?c??[31mRED?", OneLine.of("a\nb\tc\r\u001b[31mRED\u007f"));
        assertEquals(OneLine.MAX + 3, OneLine.of("x".repeat(5000)).length());
        assertEquals("x".repeat(OneLine.MAX) + "...", OneLine.of("x".repeat(OneLine.MAX + 1)));
        assertEquals("x".repeat(OneLine.MAX), OneLine.of("x".repeat(OneLine.MAX)));
        assertEquals("é ü 日本", OneLine.of("é ü 日本"), "printable text is kept");
        assertEquals("x".repeat(5000), OneLine.printable("x".repeat(5000)), "printable cuts nothing");
        assertNull(OneLine.of(null));
        assertEquals("read s01.dat: bad key '??'", new SafeTensorsException("read s01.dat: bad key '\n\u001b'").getMessage());
    }
}
