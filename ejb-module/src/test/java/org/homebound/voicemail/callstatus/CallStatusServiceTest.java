package org.homebound.voicemail.callstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;
import org.junit.jupiter.api.Test;

class CallStatusServiceTest {

    private final Map<String, Mailbox> boxes = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    private final MailboxRepository mailboxes = new MailboxRepository() {
        @Override
        public Optional<Mailbox> findByExtension(String extension) {
            return Optional.ofNullable(boxes.get(extension));
        }

        @Override
        public List<Mailbox> findAll() {
            return new ArrayList<>(boxes.values());
        }

        @Override
        public void add(Mailbox mailbox) {
            boxes.put(mailbox.getExtension(), mailbox);
        }
    };

    private final VoiceMessageRepository messages = new VoiceMessageRepository() {
        @Override
        public boolean exists(UUID id) {
            return false;
        }

        @Override
        public Optional<VoiceMessage> find(UUID id) {
            return Optional.empty();
        }

        @Override
        public List<VoiceMessage> findByMailbox(Mailbox mailbox) {
            return List.of();
        }

        @Override
        public Optional<MessageAudio> audioOf(UUID id) {
            return Optional.empty();
        }

        @Override
        public void add(VoiceMessage message, MessageAudio audio) {
        }

        @Override
        public void remove(VoiceMessage message) {
        }

        @Override
        public MessageCounts countFor(Mailbox mailbox) {
            return new MessageCounts(counts.getOrDefault(mailbox.getExtension(), 0), 0);
        }
    };

    private final CallStatusService service = new CallStatusService(new HomeboundSettings(),
            DialPlan.parse("+4930555", "4", ""), mailboxes, messages);

    private static CallOffered call(String called, DiversionReason reason) {
        return new CallOffered("c1", "1000", called, reason, "8000", "sip", Instant.now());
    }

    @Test
    void divertedCallForAnExistingMailboxGoesToVoicemail() {
        mailboxes.add(new Mailbox("2001", "Alice", 10));
        CallDecision d = service.decide(call("+49305552001", DiversionReason.NO_ANSWER));
        assertEquals("2001", assertInstanceOf(CallDecision.ToVoicemail.class, d).mailbox().getExtension());
    }

    @Test
    void unknownNumberIsHandledNormallyAsNotFound() {
        assertEquals(RejectCause.NO_SUCH_MAILBOX, cause(service.decide(call("2999", DiversionReason.BUSY))));
        assertEquals(RejectCause.NO_SUCH_MAILBOX, cause(service.decide(call("alice", DiversionReason.BUSY))));
    }

    @Test
    void disabledAndFullMailboxesTakeNoMessages() {
        Mailbox off = new Mailbox("2002", "Bob", 10);
        off.setEnabled(false);
        mailboxes.add(off);
        mailboxes.add(new Mailbox("2003", "Carol", 3));
        counts.put("2003", 3);
        assertEquals(RejectCause.MAILBOX_DISABLED, cause(service.decide(call("2002", DiversionReason.NO_ANSWER))));
        assertEquals(RejectCause.MAILBOX_FULL, cause(service.decide(call("2003", DiversionReason.NO_ANSWER))));
    }

    @Test
    void directCallToThePilotIsNotADeposit() {
        assertEquals(RejectCause.SERVICE_NOT_AVAILABLE, cause(service.decide(call("8000", DiversionReason.NOT_DIVERTED))));
    }

    @Test
    void directCallToAnExtensionNumberIsADeposit() {
        mailboxes.add(new Mailbox("2001", "Alice", 10));
        assertInstanceOf(CallDecision.ToVoicemail.class, service.decide(call("2001", DiversionReason.NOT_DIVERTED)));
    }

    private static RejectCause cause(CallDecision d) {
        return assertInstanceOf(CallDecision.HandleNormally.class, d).cause();
    }
}
