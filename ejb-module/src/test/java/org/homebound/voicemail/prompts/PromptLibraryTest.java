package org.homebound.voicemail.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homebound.telephony.api.Prompt;
import org.junit.jupiter.api.Test;

class PromptLibraryTest {

    @Test
    void greetingIsSpeechFollowedByTheTone() {
        List<Prompt> prompts = new PromptLibrary().beforeRecording();
        assertEquals(List.of("leave-message", "tone"), prompts.stream().map(Prompt::name).toList());
        long speechMillis = prompts.get(0).duration().toMillis();
        assertTrue(speechMillis > 2000 && speechMillis < 8000, "greeting lasts " + speechMillis + " ms");
        assertTrue(rms(prompts.get(0).pcm()) > 1000, "greeting is not silence");
        assertEquals(400, prompts.get(1).duration().toMillis());
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / pcm.length);
    }
}
