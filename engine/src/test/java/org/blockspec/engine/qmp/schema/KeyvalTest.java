package org.blockspec.engine.qmp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.blockspec.engine.qmp.QmpError;

class KeyvalTest {
    @Test
    void nestsDottedKeysAndUnescapesCommas() {
        assertEquals("{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"a,b.img\"}}",
                Keyval.parse("driver=raw,file.driver=file,file.filename=a,,b.img").toString());
    }

    @Test
    void errors() {
        assertEquals("Expected '=' after parameter 'driver'",
                assertThrows(QmpError.class, () -> Keyval.parse("driver")).desc());
        assertEquals("Parameter 'a' appears more than once",
                assertThrows(QmpError.class, () -> Keyval.parse("a=1,a=2")).desc());
    }

    @Test
    void sizes() {
        assertEquals(65536, SizeSuffix.parse("64k"));
        assertEquals(1 << 20, SizeSuffix.parse("1M"));
        assertEquals(0x1b, SizeSuffix.parse("0x1b"));
        assertEquals(1536, SizeSuffix.parse("1.5k"));
        assertEquals(3L << 30, SizeSuffix.parse("3G"));
        assertThrows(NumberFormatException.class, () -> SizeSuffix.parse("x"));
        assertThrows(NumberFormatException.class, () -> SizeSuffix.parse("-1"));
    }
}
