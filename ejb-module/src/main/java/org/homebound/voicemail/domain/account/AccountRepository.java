package org.homebound.voicemail.domain.account;

import java.util.List;
import java.util.Optional;

public interface AccountRepository {

    Optional<Account> find(String username);

    /** The account, its row locked until the transaction ends: login attempts on one account queue up behind each other. */
    Optional<Account> findForUpdate(String username);

    /** Accounts with wrong PINs or passwords counted against them (locked ones among them), most recent first. */
    List<Account> withFailedLogins();

    boolean anyWithRole(String role);

    void add(Account account);
}
