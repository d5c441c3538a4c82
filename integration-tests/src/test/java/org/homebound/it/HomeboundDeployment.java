package org.homebound.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR exactly as the build produced it: the same file an operator deploys. */
public final class HomeboundDeployment {

    private HomeboundDeployment() {
    }

    public static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("homebound.ear"));
        return ShrinkWrap.create(ZipImporter.class, "homebound.ear").importFrom(ear).as(EnterpriseArchive.class);
    }
}
