package org.homebound.voicemail.interfaces.telephony;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.Prompt;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.telephony.api.TelephonyException;
import org.homebound.voicemail.application.LoginResult;
import org.homebound.voicemail.application.MessageRetrieval;
import org.homebound.voicemail.application.MessageView;
import org.homebound.voicemail.application.VoicemailException;
import org.homebound.voicemail.prompts.PromptLibrary;
import org.jboss.logging.Logger;

/**
 * The telephone user interface: a subscriber calls the pilot, is recognized by the calling number
 * (then only the PIN is asked) or enters mailbox and PIN, hears how many new and saved messages
 * there are, and goes through them with the keys voicemail users know (Asterisk's layout): 4
 * previous, 5 repeat, 6 next, 7 delete, 9 save, * back. 1 plays the messages, 3 records a new
 * greeting. Three wrong PINs end the call and are logged. A message played to its end, or saved, is
 * no longer new; the lamp follows through the usual mailbox-change path.
 * <p>
 * Each call is a conversation kept here (calls are local to this server, and a conversation does
 * not survive a restart any more than the call does): every step the switch reports back is
 * answered with the next one.
 */
@ApplicationScoped
public class PhoneMenu {

    private static final Logger LOG = Logger.getLogger(PhoneMenu.class);
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(8);
    static final int MAX_PIN_FAILURES = 3;
    /** Turns the caller lets pass without a key before we say goodbye. */
    static final int MAX_SILENT_TURNS = 3;
    static final Duration MAX_GREETING = Duration.ofMinutes(2);
    static final Duration GREETING_SILENCE = Duration.ofSeconds(5);

    @Inject
    MessageRetrieval retrieval;
    @Inject
    PromptLibrary prompts;

    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;

    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();

    /** One caller's way through the menu. */
    static final class Conversation {
        final String callId;
        final String callingNumber;
        /** The mailbox of the phone calling, if it has one here. */
        final String ownMailbox;
        String extension;
        boolean authenticated;
        int pinFailures;
        int silentTurns;
        List<MessageView> messages = List.of();
        int index;
        MenuStep last;

        Conversation(String callId, String callingNumber, String ownMailbox) {
            this.callId = callId;
            this.callingNumber = callingNumber;
            this.ownMailbox = ownMailbox;
            this.extension = ownMailbox;
        }
    }

    public void start(CallOffered call) {
        String own = retrieval.mailboxOf(call.callingNumber()).orElse(null);
        Conversation c = new Conversation(call.callId(), call.callingNumber(), own);
        conversations.put(call.callId(), c);
        LOG.infof("call %s from '%s' to the phone menu%s", call.callId(), call.callingNumber(),
                own == null ? "" : ", calling from mailbox " + own);
        synchronized (c) {
            send(c, own != null ? collect("pin", 12, menu("welcome"), menu("enter-pin"))
                    : collect("mailbox", 10, menu("welcome"), menu("enter-mailbox")));
        }
    }

    /** Whether the call is a phone-menu call (its events are handled here). */
    public boolean converses(String callId) {
        return conversations.containsKey(callId);
    }

    public void input(MenuInput input) {
        Conversation c = conversations.get(input.callId());
        if (c == null) {
            LOG.debugf("call %s: input for a conversation that is over (%s)", input.callId(), input.stepId());
            return;
        }
        synchronized (c) {
            MenuStep step;
            try {
                step = next(c, input);
            } catch (RuntimeException e) {
                LOG.errorf(e, "call %s: phone menu failed at step %s, call ended", c.callId, input.stepId());
                step = new MenuStep.HangUp(List.of(menu("goodbye")));
            }
            send(c, step);
        }
    }

    public void ended(CallEnded ended) {
        Conversation c = conversations.remove(ended.callId());
        if (c != null) {
            LOG.infof("call %s from '%s' to the phone menu ended: %s%s", ended.callId(), c.callingNumber, ended.cause(),
                    c.authenticated ? " (mailbox " + c.extension + ")" : "");
        }
    }

    /** The step that answers the caller's input. */
    MenuStep next(Conversation c, MenuInput in) {
        boolean silent = in.end() == MenuInput.End.TIMEOUT && in.digits().isEmpty();
        if (silent) {
            if (++c.silentTurns >= MAX_SILENT_TURNS) {
                return new MenuStep.HangUp(List.of(menu("goodbye")));
            }
            return c.last; // ask again
        }
        c.silentTurns = 0;
        String keys = in.digits();
        if (!c.authenticated && !in.stepId().equals("mailbox") && !in.stepId().equals("pin")) {
            throw new IllegalStateException("call " + c.callId + ": step " + in.stepId() + " before login");
        }
        return switch (in.stepId()) {
            case "mailbox" -> {
                c.extension = keys;
                yield collect("pin", 12, menu("enter-pin"));
            }
            case "pin" -> login(c, keys);
            case "main" -> mainMenu(c, keys);
            case "message" -> in.end() == MenuInput.End.PLAYED ? heardToTheEnd(c) : collect("message-menu", 1, menu("message-menu"));
            case "message-menu" -> messageMenu(c, keys);
            case "greeting" -> greetingRecorded(c, in);
            default -> throw new IllegalStateException("call " + c.callId + ": unknown step " + in.stepId());
        };
    }

    private MenuStep login(Conversation c, String pin) {
        String extension = c.extension == null ? "" : c.extension;
        LoginResult result = retrieval.login(extension, pin, c.callingNumber);
        if (result.outcome() == LoginResult.Outcome.LOCKED) {
            LOG.warnf("call %s from '%s': mailbox '%s' is locked, call ended", c.callId, c.callingNumber, extension);
            return new MenuStep.HangUp(List.of(menu("mailbox-locked"), menu("goodbye")));
        }
        if (result.outcome() == LoginResult.Outcome.WAIT) {
            // Not checked, not counted: said as such, so a subscriber who mistyped knows to wait, not to doubt the PIN.
            c.pinFailures++;
            if (c.pinFailures >= MAX_PIN_FAILURES) {
                return new MenuStep.HangUp(List.of(menu("try-later"), menu("goodbye")));
            }
            return loginAgain(c, menu("try-later"));
        }
        if (result.accepted()) {
            c.authenticated = true;
            c.messages = new ArrayList<>(retrieval.messages(extension));
            LOG.infof("call %s from '%s': mailbox %s opened by phone", c.callId, c.callingNumber, extension);
            long fresh = c.messages.stream().filter(m -> !m.heard()).count();
            List<Prompt> summary = new ArrayList<>();
            summary.add(menu("you-have"));
            summary.addAll(prompts.number((int) fresh));
            summary.add(menu(fresh == 1 ? "new-message" : "new-messages"));
            summary.add(menu("and"));
            summary.addAll(prompts.number(c.messages.size() - (int) fresh));
            summary.add(menu(c.messages.size() - fresh == 1 ? "saved-message" : "saved-messages"));
            summary.add(menu("main-menu"));
            return collect("main", 1, summary);
        }
        c.pinFailures++;
        if (c.pinFailures >= MAX_PIN_FAILURES) {
            LOG.warnf("call %s from '%s': %d wrong PINs for mailbox '%s', call ended", c.callId, c.callingNumber, c.pinFailures, extension);
            return new MenuStep.HangUp(List.of(menu("login-incorrect"), menu("goodbye")));
        }
        LOG.infof("call %s from '%s': wrong PIN for mailbox '%s' (%d of %d)", c.callId, c.callingNumber, extension, c.pinFailures,
                MAX_PIN_FAILURES);
        return loginAgain(c, menu("login-incorrect"));
    }

    /** After a refused login: said why, then the PIN again (own phone) or the mailbox and PIN again. */
    private MenuStep loginAgain(Conversation c, Prompt why) {
        if (c.ownMailbox != null) {
            return afterAMistake("pin", 12, why, menu("enter-pin"));
        }
        c.extension = null;
        return afterAMistake("mailbox", 10, why, menu("enter-mailbox"));
    }

    private MenuStep mainMenu(Conversation c, String key) {
        return switch (key) {
            case "1" -> {
                c.index = 0;
                yield message(c, List.of());
            }
            case "3" -> new MenuStep.Record("greeting", List.of(menu("record-greeting"), prompts.tone()), MAX_GREETING, GREETING_SILENCE);
            case "*" -> new MenuStep.HangUp(List.of(menu("goodbye")));
            default -> afterAMistake("main", 1, menu("invalid-choice"), menu("main-menu"));
        };
    }

    /** Plays the current message (after what is to be said first), or says there are no more. */
    private MenuStep message(Conversation c, List<Prompt> before) {
        List<Prompt> all = new ArrayList<>(before);
        while (c.index < c.messages.size()) {
            MessageView m = c.messages.get(c.index);
            short[] audio;
            try {
                audio = retrieval.audio(c.extension, m.id());
            } catch (VoicemailException gone) { // deleted meanwhile (through the API, or by the home site)
                c.messages.remove(c.index);
                continue;
            }
            all.add(menu("message"));
            all.addAll(prompts.number(c.index + 1));
            if (!m.from().isEmpty()) {
                all.add(menu("from"));
                all.addAll(prompts.digits(m.from()));
            }
            all.add(new Prompt("message-" + m.id(), audio));
            return collect("message", 0, all);
        }
        all.add(menu("no-more-messages"));
        all.add(menu("main-menu"));
        return collect("main", 1, all);
    }

    private MenuStep heardToTheEnd(Conversation c) {
        markHeard(c);
        return collect("message-menu", 1, menu("message-menu"));
    }

    private MenuStep messageMenu(Conversation c, String key) {
        switch (key) {
            case "5":
                return message(c, List.of());
            case "6":
                c.index++;
                return message(c, List.of());
            case "4":
                if (c.index == 0) {
                    return collect("message-menu", 1, menu("first-message"), menu("message-menu"));
                }
                c.index--;
                return message(c, List.of());
            case "7": {
                MessageView m = c.messages.get(c.index);
                try {
                    retrieval.delete(c.extension, m.id());
                } catch (VoicemailException gone) {
                    // deleted meanwhile: gone either way
                }
                c.messages.remove(c.index);
                LOG.infof("call %s: message %s of %s deleted by phone", c.callId, m.id(), c.extension);
                return message(c, List.of(menu("message-deleted")));
            }
            case "9":
                markHeard(c);
                c.index++;
                return message(c, List.of(menu("message-saved")));
            case "*":
                return collect("main", 1, menu("main-menu"));
            default:
                return afterAMistake("message-menu", 1, menu("invalid-choice"), menu("message-menu"));
        }
    }

    private void markHeard(Conversation c) {
        MessageView m = c.messages.get(c.index);
        if (m.heard()) {
            return;
        }
        try {
            retrieval.markHeard(c.extension, m.id());
        } catch (VoicemailException gone) {
            return;
        }
        c.messages.set(c.index, m.heardNow());
    }

    private MenuStep greetingRecorded(Conversation c, MenuInput in) {
        short[] pcm = in.recording().encoding().decode(in.recording().samples());
        try {
            retrieval.recordGreeting(c.extension, pcm);
            LOG.infof("call %s: greeting of %s recorded by phone (%d ms, ended by %s)", c.callId, c.extension, pcm.length / 8,
                    in.recordingEnd());
            return collect("main", 1, menu("greeting-saved"), menu("main-menu"));
        } catch (VoicemailException refused) {
            LOG.infof("call %s: greeting of %s not changed: %s", c.callId, c.extension, refused.getMessage());
            return collect("main", 1, menu("greeting-not-changed"), menu("main-menu"));
        }
    }

    private void send(Conversation c, MenuStep step) {
        c.last = step;
        try (SwitchConnection sw = switches.getConnection()) {
            sw.menu(c.callId, step);
        } catch (TelephonyException gone) {
            conversations.remove(c.callId);
            LOG.infof("call %s: phone menu over: %s", c.callId, gone.getMessage());
        }
    }

    private Prompt menu(String name) {
        return prompts.menu(name);
    }

    private static MenuStep.Collect collect(String id, int maxDigits, Prompt... said) {
        return collect(id, maxDigits, List.of(said));
    }

    private static MenuStep.Collect collect(String id, int maxDigits, List<Prompt> said) {
        return new MenuStep.Collect(id, said, maxDigits, KEY_TIMEOUT);
    }

    /**
     * Says what went wrong and asks again; keys the caller typed ahead are dropped, so the caller
     * hears the mistake instead of the keys skipping it (and a mistyped PIN's extra keys do not
     * start the next try).
     */
    private static MenuStep.Collect afterAMistake(String id, int maxDigits, Prompt... said) {
        return new MenuStep.Collect(id, List.of(said), maxDigits, KEY_TIMEOUT, true);
    }
}
