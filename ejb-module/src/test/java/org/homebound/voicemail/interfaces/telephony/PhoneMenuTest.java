package org.homebound.voicemail.interfaces.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.naming.Reference;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.Prompt;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.voicemail.application.LoginResult;
import org.homebound.voicemail.application.MessageRetrieval;
import org.homebound.voicemail.application.MessageView;
import org.homebound.voicemail.application.VoicemailException;
import org.homebound.voicemail.prompts.PromptLibrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phone menu's conversation against a mailbox in memory and a switch that records the steps. */
class PhoneMenuTest {

    private static final String CALL = "call-1";
    private final List<MenuStep> sent = new ArrayList<>();
    private final Mailbox mailbox = new Mailbox();
    private PhoneMenu menu;

    /** Mailbox 2001, PIN 2468, with messages in memory. */
    static final class Mailbox extends MessageRetrieval {
        final List<MessageView> messages = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        @Override
        public Optional<String> mailboxOf(String callingNumber) {
            return callingNumber.equals("2001") ? Optional.of("2001") : Optional.empty();
        }

        /** What the shared PIN policy answers instead of checking, when set (a lock or a wait). */
        LoginResult.Outcome standing;
        final List<String> tried = new ArrayList<>();

        @Override
        public LoginResult login(String extension, String pin, String callingNumber) {
            tried.add(extension + "/" + pin + " from " + callingNumber);
            if (standing != null) {
                return new LoginResult(standing, null, null, null);
            }
            return extension.equals("2001") && pin.equals("2468") ? new LoginResult(LoginResult.Outcome.ACCEPTED, "2001", "subscriber", null)
                    : new LoginResult(LoginResult.Outcome.REFUSED, null, null, null);
        }

        @Override
        public List<MessageView> messages(String extension) {
            return List.copyOf(messages);
        }

        @Override
        public short[] audio(String extension, UUID id) {
            return new short[800];
        }

        @Override
        public void markHeard(String extension, UUID id) {
            log.add("heard " + id);
        }

        @Override
        public void delete(String extension, UUID id) {
            log.add("deleted " + id);
        }

        @Override
        public void recordGreeting(String extension, short[] pcm) {
            if (pcm.length < 4000) {
                throw VoicemailException.invalid("too short");
            }
            log.add("greeting " + pcm.length / 8 + " ms");
        }

        MessageView add(String from, boolean heard) {
            MessageView m = new MessageView(UUID.randomUUID(), "2001", from, null, Instant.now(), 2000, heard, "STORED", "s1", "NO_ANSWER", "OGG_OPUS", null);
            messages.add(m);
            return m;
        }
    }

    @BeforeEach
    void setUp() {
        menu = new PhoneMenu();
        menu.retrieval = mailbox;
        menu.prompts = new PromptLibrary();
        menu.switches = new Switch();
    }

    private void call(String from) {
        menu.start(new CallOffered(CALL, from, "8000", DiversionReason.NOT_DIVERTED, "8000", "sip", Instant.now()));
    }

    private MenuStep keys(String digits) {
        menu.input(new MenuInput(CALL, last().stepId(), digits, MenuInput.End.TERMINATED, null, null));
        return last();
    }

    private MenuStep input(MenuInput.End end) {
        menu.input(new MenuInput(CALL, last().stepId(), "", end, null, null));
        return last();
    }

    private MenuStep last() {
        return sent.get(sent.size() - 1);
    }

    private static List<String> said(MenuStep step) {
        return step.prompts().stream().map(Prompt::name).toList();
    }

    @Test
    void theOwnerCallingFromTheirPhoneIsAskedOnlyForThePinAndHearsTheCounts() {
        mailbox.add("1000", false);
        mailbox.add("1001", false);
        mailbox.add("1002", true);
        call("2001");
        assertEquals("pin", last().stepId());
        assertEquals(List.of("welcome", "enter-pin"), said(last()));
        MenuStep main = keys("2468");
        assertEquals("main", main.stepId());
        assertEquals(List.of("you-have", "number-2", "new-messages", "and", "number-1", "saved-message", "main-menu"), said(main));
    }

    @Test
    void aLockedMailboxIsSaidSoAndTheCallEnds() {
        mailbox.standing = LoginResult.Outcome.LOCKED;
        call("2001");
        MenuStep step = keys("2468");
        assertInstanceOf(MenuStep.HangUp.class, step, "the right PIN opens nothing while the mailbox is locked");
        assertEquals(List.of("mailbox-locked", "goodbye"), said(step));
        assertEquals(List.of("2001/2468 from 2001"), mailbox.tried, "the try went through the shared policy with the calling number");
    }

    @Test
    void aTryTooSoonAfterWrongPinsIsToldToWaitNotThatThePinIsWrong() {
        mailbox.standing = LoginResult.Outcome.WAIT;
        call("2001");
        MenuStep step = keys("2468");
        assertEquals("pin", step.stepId());
        assertEquals(List.of("try-later", "enter-pin"), said(step));
        mailbox.standing = null;
        assertEquals("main", keys("2468").stepId(), "once the wait is over the right PIN opens the mailbox");
    }

    @Test
    void threeWrongPinsEndTheCall() {
        call("3999");
        assertEquals(List.of("welcome", "enter-mailbox"), said(last()));
        MenuStep.Collect pin = assertInstanceOf(MenuStep.Collect.class, keys("2001"));
        assertEquals("pin", pin.stepId());
        assertFalse(pin.discardTypedAhead(), "a caller who knows the menu may type the PIN ahead");
        MenuStep.Collect again = assertInstanceOf(MenuStep.Collect.class, keys("1111"));
        assertEquals(List.of("login-incorrect", "enter-mailbox"), said(again), "a wrong PIN asks for the mailbox again");
        assertTrue(again.discardTypedAhead(), "keys typed after a wrong PIN do not skip 'login incorrect' or start the next try");
        keys("2001");
        keys("2222");
        keys("2001");
        MenuStep end = keys("3333");
        assertInstanceOf(MenuStep.HangUp.class, end);
        assertEquals(List.of("login-incorrect", "goodbye"), said(end));
        assertEquals(7, sent.size());
    }

    @Test
    void aSubscriberGoesThroughTheMessagesWithTheUsualKeys() {
        MessageView first = mailbox.add("1000", false);
        MessageView second = mailbox.add("", false);
        MessageView third = mailbox.add("1002", true);
        call("2001");
        keys("2468");
        MenuStep play = keys("1");
        assertEquals(List.of("message", "number-1", "from", "digit-1", "digit-0", "digit-0", "digit-0", "message-" + first.id()), said(play));
        assertEquals(List.of("message-menu"), said(input(MenuInput.End.PLAYED)));
        assertEquals(List.of("heard " + first.id()), mailbox.log, "played to the end: no longer new");

        assertEquals(List.of("message", "number-2", "message-" + second.id()), said(keys("6")), "no 'from' for a withheld number");
        assertEquals(List.of("message-menu"), said(input(MenuInput.End.INTERRUPTED)));
        assertEquals(1, mailbox.log.size(), "interrupted: still new");
        assertEquals(List.of("message-deleted", "message", "number-2", "from", "digit-1", "digit-0", "digit-0", "digit-2",
                "message-" + third.id()), said(keys("7")), "after a delete, the next message takes its place");
        assertEquals("deleted " + second.id(), mailbox.log.get(1));
        input(MenuInput.End.PLAYED);
        assertEquals(2, mailbox.log.size(), "a saved message is not marked again");
        assertEquals("message-" + third.id(), said(keys("5")).get(said(last()).size() - 1), "5 repeats");
        input(MenuInput.End.PLAYED);
        assertEquals("message-" + first.id(), said(keys("4")).get(said(last()).size() - 1), "4 goes back");
        input(MenuInput.End.PLAYED);
        assertEquals(List.of("first-message", "message-menu"), said(keys("4")));
        MenuStep saved = keys("9");
        assertEquals(List.of("message-saved", "message", "number-2"), said(saved).subList(0, 3));
        input(MenuInput.End.PLAYED);
        assertEquals(List.of("no-more-messages", "main-menu"), said(keys("6")));
        MenuStep invalid = keys("8");
        assertEquals(List.of("invalid-choice", "main-menu"), said(invalid));
        assertTrue(((MenuStep.Collect) invalid).discardTypedAhead(), "an invalid choice is heard, not typed over");
        assertInstanceOf(MenuStep.HangUp.class, keys("*"));
    }

    @Test
    void aGreetingIsRecordedFromThePhone() {
        call("2001");
        keys("2468");
        MenuStep record = keys("3");
        MenuStep.Record r = assertInstanceOf(MenuStep.Record.class, record);
        assertEquals(List.of("record-greeting", "tone"), said(r));
        assertEquals(Duration.ofMinutes(2), r.maximumLength());
        menu.input(new MenuInput(CALL, "greeting", "#", MenuInput.End.RECORDED, new RecordedAudio(AudioEncoding.PCMU, new byte[16000]),
                RecordingEnd.KEY_PRESSED));
        assertEquals(List.of("greeting-saved", "main-menu"), said(last()));
        assertEquals(List.of("greeting 2000 ms"), mailbox.log);
        keys("3");
        menu.input(new MenuInput(CALL, "greeting", "#", MenuInput.End.RECORDED, new RecordedAudio(AudioEncoding.PCMU, new byte[800]),
                RecordingEnd.KEY_PRESSED));
        assertEquals(List.of("greeting-not-changed", "main-menu"), said(last()));
    }

    @Test
    void aCallerWhoSaysNothingIsAskedAgainThenToldGoodbye() {
        call("2001");
        MenuStep ask = last();
        assertEquals(ask, input(MenuInput.End.TIMEOUT));
        assertEquals(ask, input(MenuInput.End.TIMEOUT));
        assertInstanceOf(MenuStep.HangUp.class, input(MenuInput.End.TIMEOUT));
        menu.ended(new CallEnded(CALL, CallEnded.CallEndCause.COMPLETED, ""));
        assertTrue(!menu.converses(CALL));
    }

    @Test
    void stepsBeforeLoginAreRefused() {
        call("3999");
        int before = sent.size();
        menu.input(new MenuInput(CALL, "main", "1", MenuInput.End.MAX_DIGITS, null, null));
        assertInstanceOf(MenuStep.HangUp.class, last(), "a step out of place ends the call instead of opening the mailbox");
        assertEquals(before + 1, sent.size());
    }

    /** A switch that keeps the steps it is sent. */
    private final class Switch implements SwitchConnectionFactory {
        @Override
        public SwitchConnection getConnection() {
            return new SwitchConnection() {
                @Override
                public java.util.List<org.homebound.telephony.api.LinkStatus> links() {
                    return java.util.List.of();
                }

                @Override
                public int activeCalls() {
                    return 0;
                }

                @Override
                public org.homebound.telephony.api.SetupLatencies setupLatencies() {
                    return org.homebound.telephony.api.SetupLatencies.NONE;
                }

                @Override
                public long refusedBusy() {
                    return 0;
                }

                @Override
                public void menu(String callId, MenuStep step) {
                    sent.add(step);
                }

                @Override
                public void answerAndRecord(String callId, RecordingRequest request) {
                    throw new AssertionError("not a deposit");
                }

                @Override
                public void reject(String callId, RejectCause cause) {
                    throw new AssertionError("not rejected");
                }

                @Override
                public void redirect(String callId, String target) {
                    throw new AssertionError("not redirected");
                }

                @Override
                public void setMessageWaiting(MessageWaiting state) {
                }

                @Override
                public void acceptSubscription(String subscriptionId, MessageWaiting current) {
                }

                @Override
                public void rejectSubscription(String subscriptionId, RejectCause cause) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void setReference(Reference reference) {
        }

        @Override
        public Reference getReference() {
            return null;
        }
    }
}
