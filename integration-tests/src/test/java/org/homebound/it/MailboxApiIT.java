package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin and subscriber API on the real server: authentication, authorization, validation. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MailboxApiIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void administratorCreatesChangesListsAndDisablesMailboxes() {
        Api admin = Api.admin();
        JsonObject created = admin.object("POST", "/admin/mailboxes", "{\"extension\":\"3001\",\"name\":\"Dana\",\"pin\":\"4321\",\"quota\":7}", 201);
        assertEquals("3001", created.getString("extension"));
        assertEquals(7, created.getInt("quota"));
        assertTrue(created.getBoolean("enabled"));
        assertEquals("it", created.getString("homeSite"));

        JsonObject changed = admin.object("PUT", "/admin/mailboxes/3001", "{\"name\":\"Dana Scully\",\"quota\":9,\"pin\":\"9999\"}", 200);
        assertEquals("Dana Scully", changed.getString("name"));
        assertEquals(9, changed.getInt("quota"));
        assertEquals(200, Api.as("3001", "9999").send("GET", "/mailboxes/3001/messages", null).statusCode(), "new PIN works");
        assertEquals(401, Api.as("3001", "4321").send("GET", "/mailboxes/3001/messages", null).statusCode(), "old PIN no longer works");

        assertTrue(admin.array("/admin/mailboxes").stream().anyMatch(v -> ((JsonObject) v).getString("extension").equals("3001")));

        assertFalse(admin.object("POST", "/admin/mailboxes/3001/disable", null, 200).getBoolean("enabled"));
        assertEquals(401, Api.as("3001", "9999").send("GET", "/mailboxes/3001/messages", null).statusCode(), "a disabled mailbox's owner cannot log in");
        assertTrue(admin.object("POST", "/admin/mailboxes/3001/enable", null, 200).getBoolean("enabled"));
    }

    @Test
    void credentialsAreRequiredAndChecked() {
        Api.createMailbox("3002", "Eve", "1111", 5);
        assertEquals(401, Api.anonymous().send("GET", "/admin/mailboxes", null).statusCode());
        assertEquals(401, Api.as("admin", "not-the-password").send("GET", "/admin/mailboxes", null).statusCode());
        assertEquals(401, Api.as("3002", "2222").send("GET", "/mailboxes/3002/messages", null).statusCode());
        assertEquals(200, Api.anonymous().send("GET", "/status", null).statusCode(), "liveness needs no login");
    }

    @Test
    void aSubscriberSeesOnlyTheirOwnMailbox() {
        Api.createMailbox("3003", "Frank", "1234", 5);
        Api.createMailbox("3004", "Grace", "5678", 5);
        Api frank = Api.as("3003", "1234");
        assertEquals(200, frank.send("GET", "/mailboxes/3003/messages", null).statusCode());
        assertEquals(403, frank.send("GET", "/mailboxes/3004/messages", null).statusCode());
        assertEquals(403, frank.send("GET", "/admin/mailboxes", null).statusCode());
        assertEquals(403, frank.send("POST", "/admin/mailboxes", "{\"extension\":\"3999\",\"name\":\"x\",\"pin\":\"1234\"}").statusCode());
        assertEquals(200, Api.admin().send("GET", "/mailboxes/3004/messages", null).statusCode(), "administrators may look into any mailbox");
    }

    @Test
    void badRequestsGetAClearError() {
        Api admin = Api.admin();
        JsonObject badJson = admin.object("POST", "/admin/mailboxes", "{\"extension\": \"3005\", \"name\": ", 400);
        assertTrue(badJson.getString("error").contains("JSON") || badJson.getString("error").contains("read"), badJson.toString());
        assertEquals(400, badJson.getInt("status"));

        assertTrue(admin.object("POST", "/admin/mailboxes", "{\"extension\":\"3005\",\"name\":\"H\",\"pin\":\"12\"}", 400)
                .getString("error").contains("pin"));
        assertTrue(admin.object("POST", "/admin/mailboxes", "{\"extension\":\"30x5\",\"name\":\"H\",\"pin\":\"1234\"}", 400)
                .getString("error").contains("extension"));
        assertTrue(admin.object("POST", "/admin/mailboxes", "{\"extension\":\"3005\",\"name\":\"\",\"pin\":\"1234\"}", 400)
                .getString("error").contains("name"));
        assertEquals(400, admin.send("POST", "/admin/mailboxes", "[1,2,3]").statusCode());
        assertEquals(400, admin.send("POST", "/admin/mailboxes", "{\"extension\":\"3005\",\"name\":\"H\",\"pin\":\"1234\",\"quota\":-1}").statusCode());

        Api.createMailbox("3006", "Ivan", "1234", 5);
        assertEquals(409, admin.send("POST", "/admin/mailboxes", "{\"extension\":\"3006\",\"name\":\"Again\",\"pin\":\"1234\"}").statusCode());
        assertEquals(404, admin.send("GET", "/admin/mailboxes/3999", null).statusCode());
        assertEquals(404, admin.send("GET", "/mailboxes/3006/messages/not-a-uuid", null).statusCode());
    }
}
