package org.homebound.voicemail.callstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.calltransfer.CallTransferService;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.configuration.DirectorySnapshot;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.NetworkDescription;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
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
        public Map<String, Mailbox> findByExtensions(Collection<String> extensions) {
            Map<String, Mailbox> found = new HashMap<>(boxes);
            found.keySet().retainAll(extensions);
            return found;
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

    /** Only the message count matters to call status. */
    private final VoiceMessageRepository messages = (VoiceMessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {VoiceMessageRepository.class}, (proxy, method, args) -> {
                if (method.getName().equals("countFor")) {
                    return new VoiceMessageRepository.MessageCounts(counts.getOrDefault(((Mailbox) args[0]).getExtension(), 0), 0);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    /** Site "here" with 2000-2999; 3000-3999 and the override 2500 are homed at "munich". */
    private final DirectorySnapshot snapshot = NetworkDescription.parse("""
            network.sites = here, munich
            site.here.api = http://127.0.0.1:8080
            site.here.messaging = 127.0.0.1:8080
            site.here.ranges = 2000-2999
            site.munich.api = http://127.0.0.1:8180
            site.munich.messaging = 127.0.0.1:8180
            site.munich.ranges = 3000-3999
            override.2500 = munich
            """).toSnapshot("here");

    private final SiteDirectory directory = new SiteDirectory() {
        @Override
        public DirectorySnapshot snapshot() {
            return snapshot;
        }

        @Override
        public boolean isLocal(String siteId) {
            return "here".equals(siteId);
        }
    };

    private final CallStatusService service = new CallStatusService(new HomeboundSettings(),
            DialPlan.parse("+4930555", "4", ""), MailboxAdmission.uncached(mailboxes, messages),
            new CallTransferService(directory));

    private static CallOffered call(String called, DiversionReason reason) {
        return new CallOffered("c1", "1000", called, reason, "8000", "sip", Instant.now());
    }

    @Test
    void divertedCallForAnExistingMailboxGoesToVoicemail() {
        mailboxes.add(new Mailbox("2001", "Alice", 10));
        CallDecision d = service.decide(call("+49305552001", DiversionReason.NO_ANSWER));
        Destination destination = assertInstanceOf(CallDecision.ToVoicemail.class, d).destination();
        assertEquals(new Destination("2001", "here", false), destination);
    }

    @Test
    void callForAnExtensionHomedElsewhereIsTakenWithoutALocalMailbox() {
        CallDecision d = service.decide(call("+49305553001", DiversionReason.NO_ANSWER));
        assertEquals(new Destination("3001", "munich", true), assertInstanceOf(CallDecision.ToVoicemail.class, d).destination());
    }

    @Test
    void overrideSendsOneMailboxOfALocalRangeToAnotherSite() {
        mailboxes.add(new Mailbox("2500", "Moved", 10));
        CallDecision d = service.decide(call("2500", DiversionReason.BUSY));
        assertEquals(new Destination("2500", "munich", true), assertInstanceOf(CallDecision.ToVoicemail.class, d).destination());
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
    void directCallToThePilotGoesToThePhoneMenu() {
        assertInstanceOf(CallDecision.ToPhoneMenu.class, service.decide(call("8000", DiversionReason.NOT_DIVERTED)));
    }

    @Test
    void aCallDivertedFromThePilotNumberIsNotAPhoneMenuCall() {
        assertEquals(RejectCause.NO_SUCH_MAILBOX, cause(service.decide(call("8000", DiversionReason.NO_ANSWER))));
    }

    @Test
    void directCallToAnExtensionNumberIsADeposit() {
        mailboxes.add(new Mailbox("2001", "Alice", 10));
        assertInstanceOf(CallDecision.ToVoicemail.class, service.decide(call("2001", DiversionReason.NOT_DIVERTED)));
    }

    @Test
    void aSiteWithAnOperatorRedirectsTheCallsVoicemailCannotTake() {
        System.setProperty("homebound.refused-calls.redirect", "sip:operator@pbx.example");
        try {
            CallStatusService withOperator = new CallStatusService(new HomeboundSettings(), DialPlan.parse("+4930555", "4", ""),
                    MailboxAdmission.uncached(mailboxes, messages), new CallTransferService(directory));
            CallDecision.Redirect r = assertInstanceOf(CallDecision.Redirect.class,
                    withOperator.decide(call("2999", DiversionReason.NO_ANSWER)));
            assertEquals("sip:operator@pbx.example", r.target());
            assertEquals(RejectCause.NO_SUCH_MAILBOX, r.cause());
            mailboxes.add(new Mailbox("2001", "Alice", 10));
            assertInstanceOf(CallDecision.ToVoicemail.class, withOperator.decide(call("2001", DiversionReason.NO_ANSWER)),
                    "calls voicemail takes are not redirected");
            assertInstanceOf(CallDecision.ToPhoneMenu.class, withOperator.decide(call("8000", DiversionReason.NOT_DIVERTED)));
        } finally {
            System.clearProperty("homebound.refused-calls.redirect");
        }
    }

    private static RejectCause cause(CallDecision d) {
        return assertInstanceOf(CallDecision.HandleNormally.class, d).cause();
    }
}
