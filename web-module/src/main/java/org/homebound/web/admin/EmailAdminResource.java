package org.homebound.web.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.notification.EmailJobView;
import org.homebound.voicemail.notification.EmailJobs;

/**
 * The email outbox as administrators see it: jobs by state (failing ones by default: refused for
 * good, or waiting to be tried again), per mailbox, and resend.
 */
@Path("admin/email")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class EmailAdminResource {

    private static final int MAX_LIST = 500;

    @Inject
    EmailJobs jobs;

    /**
     * @param state comma-separated states (PENDING, SENDING, SENT, FAILED); default: PENDING and FAILED
     * @param mailbox only this mailbox's jobs
     */
    @GET
    public List<EmailJobView> list(@QueryParam("state") @DefaultValue("PENDING,FAILED") String state, @QueryParam("mailbox") String mailbox,
                                   @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new BadRequestException("limit must be 1-" + MAX_LIST);
        }
        return jobs.list(mailbox == null || mailbox.isBlank() ? null : mailbox, states(state), limit);
    }

    @POST
    @Path("{messageId}/resend")
    public EmailJobView resend(@PathParam("messageId") String messageId) {
        return jobs.resend(NetworkAdminResource.uuid(messageId));
    }

    private static List<EmailJob.State> states(String csv) {
        try {
            return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> EmailJob.State.valueOf(s.toUpperCase(Locale.ROOT))).toList();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be a list of " + Arrays.toString(EmailJob.State.values()) + ", got '" + csv + "'");
        }
    }
}
