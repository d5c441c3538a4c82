package org.homebound.voicemail.storage;

import java.util.Optional;
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
    public boolean anyWithRole(String role) {
        return !em.createQuery("select a.username from Account a where a.role = :r", String.class)
                .setParameter("r", role).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public void add(Account account) {
        em.persist(account);
    }
}
