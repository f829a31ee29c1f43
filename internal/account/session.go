package account

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Login checks an address and password and opens a new session, returning
// its cookie token. previous, the token of the browser's current session if
// any, is ended: a login always gets a fresh session id. Each attempt is
// counted, per account and per IP, before the password is verified, and
// given back if it was right: past the limit even a right password is
// refused until the window ends, however many attempts arrive at once.
// Unknown addresses cost the same as wrong passwords. When the account
// signs in with a second factor (or must enrol one), a right password opens
// no session: the error is a *SecondStep, which LoginSecondStep or
// LoginEnrol ends.
func (s *Service) Login(ctx context.Context, address, password, previous string, m Meta) (User, string, error) {
	address = NormalizeEmail(address)
	acct := limitCheck{"login:acct:" + address, s.cfg.Limits.LoginAccount}
	refund, err := s.reserve(ctx, acct, limitCheck{ipKey("login", m.IP), s.cfg.Limits.LoginIP})
	if err != nil {
		return User{}, "", err
	}
	if len(password) > MaxPasswordLen*4 {
		password = password[:MaxPasswordLen*4] // bounds hashing cost; such a password never matches
	}
	u, err := s.store.UserByEmail(ctx, address)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, "", err
	}
	ok, err := s.hasher.Verify(ctx, u.PasswordHash, password)
	if err != nil {
		return User{}, "", err
	}
	if !ok || !u.Active || u.Deleted() {
		return User{}, "", s.loginFailed(ctx, u, m)
	}
	if step, err := s.secondStepOf(ctx, u); err != nil {
		return User{}, "", err
	} else if step != stepNone {
		// Only this attempt is given back: the account's failures stay
		// counted until the second step passes, or a known password would
		// reset the limit on guessing codes.
		if err := refund(ctx); err != nil {
			return User{}, "", err
		}
		return User{}, "", s.pendSecondStep(ctx, u, step)
	}
	if err := refund(ctx, acct.key); err != nil { // the account's failures are forgotten
		return User{}, "", err
	}
	var token string
	err = s.store.InTx(ctx, func(tx Tx) error {
		token, err = s.openSession(ctx, tx, &u, previous, m, []string{AMRPassword})
		return err
	})
	if err != nil {
		return User{}, "", err
	}
	return u, token, nil
}

// openSession starts a session for u in tx, ending the browser's previous
// one, and returns its cookie token.
func (s *Service) openSession(ctx context.Context, tx Tx, u *User, previous string, m Meta, amr []string) (string, error) {
	token := newSecret(32)
	if previous != "" {
		if old, err := tx.SessionByTokenHash(ctx, s.hash(previous)); err == nil {
			if _, err := tx.DeleteSession(ctx, old.UserID, old.ID); err != nil {
				return "", err
			}
		}
	}
	now := s.now()
	if err := tx.CreateSession(ctx, Session{ID: NewUUID(), TokenHash: s.hash(token), UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL),
		UserAgent: truncate(m.UserAgent, 512), IP: m.IP, AMR: amr}); err != nil {
		return "", err
	}
	u.LastLoginAt = now
	if err := tx.UpdateUser(ctx, *u); err != nil {
		return "", err
	}
	return token, s.log(ctx, tx, EventLogin, u.ID, u.ID, m, strings.Join(amr, " "))
}

// loginFailed records a failed login; its attempt stays counted.
func (s *Service) loginFailed(ctx context.Context, u User, m Meta) error {
	err := s.store.InTx(ctx, func(tx Tx) error {
		return s.log(ctx, tx, EventLoginFailed, "", u.ID, m, "")
	})
	if err != nil {
		return err
	}
	return ErrInvalidCredentials
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// SessionUser resolves a session cookie token to its user. Sessions slide:
// each use, at most once a minute, pushes the expiry back.
func (s *Service) SessionUser(ctx context.Context, token string) (User, Session, error) {
	if token == "" || len(token) > 100 {
		return User{}, Session{}, ErrUnauthenticated
	}
	sess, err := s.store.SessionByTokenHash(ctx, s.hash(token))
	if errors.Is(err, ErrNotFound) {
		return User{}, Session{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, Session{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) {
		return User{}, Session{}, ErrUnauthenticated
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return User{}, Session{}, err
	}
	if !u.Active || u.Deleted() {
		return User{}, Session{}, ErrUnauthenticated
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		sess.LastSeenAt, sess.ExpiresAt = now, now.Add(s.cfg.SessionTTL)
		if err := s.store.TouchSession(ctx, sess.ID, sess.LastSeenAt, sess.ExpiresAt); err != nil {
			return User{}, Session{}, err
		}
	}
	return u, sess, nil
}

// Logout ends the session of token, if it is still open.
func (s *Service) Logout(ctx context.Context, token string, m Meta) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		sess, err := tx.SessionByTokenHash(ctx, s.hash(token))
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.DeleteSession(ctx, sess.UserID, sess.ID); err != nil {
			return err
		}
		return s.log(ctx, tx, EventLogout, sess.UserID, sess.UserID, m, "")
	})
}

// Sessions lists u's open sessions, most recently seen first.
func (s *Service) Sessions(ctx context.Context, u User) ([]Session, error) {
	return s.store.Sessions(ctx, u.ID, s.now())
}

// RevokeSession ends one of u's sessions; ErrNotFound if it is not theirs.
func (s *Service) RevokeSession(ctx context.Context, u User, id string, m Meta) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.DeleteSession(ctx, u.ID, id)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		return s.log(ctx, tx, EventSessionRevoked, u.ID, u.ID, m, id)
	})
}

// RevokeOtherSessions ends every session of u but current.
func (s *Service) RevokeOtherSessions(ctx context.Context, u User, current string, m Meta) (int, error) {
	var n int
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if n, err = tx.DeleteSessions(ctx, u.ID, current); err != nil {
			return err
		}
		return s.log(ctx, tx, EventSessionRevoked, u.ID, u.ID, m, "others")
	})
	return n, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
