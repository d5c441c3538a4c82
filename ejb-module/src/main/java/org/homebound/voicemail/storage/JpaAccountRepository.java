package org.homebound.voicemail.storage;

import java.util.List;
import java.util.Optional;
import jakarta.persistence.LockModeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.account.Account;
import org.homebound.voicemail.domain.account.AccountRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaAccountRepository implements AccountRepository {

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(em.find(Account.class, username));
    }

    @Override
    public Optional<Account> findForUpdate(String username) {
        return Optional.ofNullable(em.find(Account.class, username, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<Account> withFailedLogins() {
        return em.createQuery("select a from Account a where a.failedLogins > 0 order by a.lastFailedLoginAt desc", Account.class)
                .setMaxResults(1000).getResultList();
    }

    @Override
    public boolean anyWithRole(String role) {
        return !em.createQuery("select a.username from Account a where a.role = :r", String.class)
                .setParameter("r", role).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public void add(Account account) {
        em.persist(account);
    }
}
