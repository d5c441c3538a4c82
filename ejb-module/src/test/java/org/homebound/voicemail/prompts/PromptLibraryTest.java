package org.homebound.voicemail.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homebound.telephony.api.Prompt;
import org.junit.jupiter.api.Test;

class PromptLibraryTest {

    @Test
    void theDefaultGreetingNamesTheExtensionDigitByDigitThenTheTone() {
        List<Prompt> prompts = new PromptLibrary().defaultGreeting("2071");
        assertEquals(List.of("person-at-extension", "digit-2", "digit-0", "digit-7", "digit-1", "not-available", "leave-message", "tone"),
                prompts.stream().map(Prompt::name).toList());
        for (Prompt p : prompts.subList(0, prompts.size() - 1)) {
            long millis = p.duration().toMillis();
            assertTrue(millis > 200 && millis < 8000, p.name() + " lasts " + millis + " ms");
            assertTrue(rms(p.pcm()) > 1000, p.name() + " is speech, not silence");
        }
        assertEquals(400, prompts.get(prompts.size() - 1).duration().toMillis());
    }

    @Test
    void aPersonalGreetingIsFollowedByTheToneOnly() {
        PromptLibrary library = new PromptLibrary();
        Prompt own = new Prompt("greeting-2071", new short[8000]);
        assertEquals(List.of("greeting-2071", "tone"), library.afterGreeting(own).stream().map(Prompt::name).toList());
        assertEquals(List.of("digit-4", "digit-2"), library.digits("4x2").stream().map(Prompt::name).toList(), "non-digits skipped");
    }

    @Test
    void countsAreSaidInWords() {
        PromptLibrary library = new PromptLibrary();
        assertEquals(List.of("number-0"), names(library.number(0)));
        assertEquals(List.of("number-13"), names(library.number(13)));
        assertEquals(List.of("number-40"), names(library.number(40)));
        assertEquals(List.of("number-90", "number-9"), names(library.number(99)));
        assertEquals(List.of("number-many"), names(library.number(100)));
        for (int n = 0; n < 100; n++) {
            for (Prompt p : library.number(n)) {
                assertTrue(rms(p.pcm()) > 1000 && p.duration().toMillis() < 2000, p.name() + " is a short spoken word");
            }
        }
    }

    @Test
    void everyMenuPromptIsSpeech() {
        PromptLibrary library = new PromptLibrary();
        for (String name : List.of("welcome", "enter-pin", "main-menu", "message-menu", "goodbye", "record-greeting")) {
            Prompt p = library.menu(name);
            assertTrue(rms(p.pcm()) > 1000 && p.duration().toMillis() > 300, name);
        }
        assertThrows(IllegalArgumentException.class, () -> library.menu("no-such-prompt"));
    }

    private static List<String> names(List<Prompt> prompts) {
        return prompts.stream().map(Prompt::name).toList();
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / pcm.length);
    }
}
