package org.homebound.voicemail.domain.account;

import java.util.Optional;

public interface AccountRepository {

    Optional<Account> find(String username);

    boolean anyWithRole(String role);

    void add(Account account);
}
