package account

import (
	"context"
	"errors"
	"strings"

	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/validate"
)

// Profile holds the fields a user edits on their profile. About is markdown;
// it is stored as typed and sanitized when rendered.
type Profile struct {
	FirstName string
	LastName  string
	About     string
	Website   string
	// Email, when set to another address than the user's, must be well
	// formed, as udata checks it; the address changes only once confirmed,
	// through RequestEmailChange.
	Email string
}

// MaxAboutLen bounds the "about" text, as udata bounds descriptions.
const MaxAboutLen = 100_000

// UpdateProfile saves u's names, about text and website.
func (s *Service) UpdateProfile(ctx context.Context, u User, p Profile, m Meta) (User, error) {
	p.Website = strings.TrimSpace(p.Website)
	var v validate.Errors
	v.Required("first_name", p.FirstName, maxNameLen)
	v.Required("last_name", p.LastName, maxNameLen)
	v.NoURL("first_name", p.FirstName)
	v.NoURL("last_name", p.LastName)
	v.MaxLen("about", p.About, MaxAboutLen)
	v.URL("website", p.Website)
	if p.Email != "" && p.Email != u.Email {
		v.Email("email", p.Email)
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.FirstName, cur.LastName = strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName)
		cur.About, cur.Website = p.About, p.Website
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		u = cur
		return s.log(ctx, tx, EventProfileUpdated, u.ID, u.ID, m, "")
	})
	return u, err
}

// SetNotify records how u wants e-mail for each category of notices.
func (s *Service) SetNotify(ctx context.Context, u User, prefs map[string]string) error {
	var v validate.Errors
	clean := map[string]string{}
	for cat, mode := range prefs {
		known := false
		for _, c := range NotifyCategories {
			known = known || c == cat
		}
		switch {
		case !known:
			v.Add(cat, "field.unknown")
		case mode != NotifyImmediate && mode != NotifyDigest && mode != NotifyNone:
			v.Add(cat, "notify.mode")
		default:
			clean[cat] = mode
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.Notify = clean
		return tx.UpdateUser(ctx, cur)
	})
}

// SetLang records the language u reads e-mails in.
func (s *Service) SetLang(ctx context.Context, u User, lang string) error {
	if !i18n.Supported(lang) {
		return validate.Field("lang", "lang.unknown")
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil || cur.Lang == lang {
			return err
		}
		cur.Lang = lang
		return tx.UpdateUser(ctx, cur)
	})
}

// RequestEmailChange sends a confirmation link to a new address; the address
// changes only when that link is followed. If another account has the
// address, nothing is sent but the answer is the same.
func (s *Service) RequestEmailChange(ctx context.Context, u User, address, password string, m Meta) error {
	address = NormalizeEmail(address)
	var v validate.Errors
	v.Email("email", address)
	if address == u.Email {
		v.Add("email", "email.same")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.checkPassword(ctx, u, password, m); err != nil {
		return err
	}
	if err := s.hit(ctx, limitCheck{"email:user:" + u.ID, s.cfg.Limits.ResetAddress}); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := s.log(ctx, tx, EventEmailChangeAsk, u.ID, u.ID, m, address); err != nil {
			return err
		}
		if _, err := tx.UserByEmail(ctx, address); err == nil {
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		token, err := s.newToken(ctx, tx, TokenEmailChange, u, address, s.cfg.EmailChangeTTL)
		if err != nil {
			return err
		}
		return s.send(ctx, tx, u.Lang, mail.ConfirmEmailChange, address, mail.Data{
			Name: u.FirstName, Link: s.link("/email/confirm", token), Email: address, Expires: s.cfg.EmailChangeTTL})
	})
}

// ConfirmEmailChange consumes an e-mail change link: the account takes the
// new address, and the old one is told.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string, m Meta) (User, error) {
	var u User
	err := s.retryConflict(ctx, func(tx Tx) error {
		t, user, err := s.useLink(ctx, tx, token, TokenEmailChange)
		if err != nil {
			return err
		}
		u = user
		if _, err := tx.UserByEmail(ctx, t.Email); err == nil {
			return ErrEmailTaken
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		old := u.Email
		u.Email, u.ConfirmedAt = t.Email, s.now()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := s.log(ctx, tx, EventEmailChanged, u.ID, u.ID, m, old+" -> "+u.Email); err != nil {
			return err
		}
		return s.send(ctx, tx, u.Lang, mail.EmailChanged, old, mail.Data{Name: u.FirstName, Email: u.Email})
	})
	return u, err
}

// ChangePassword sets a new password after checking the current one, and
// ends every other session.
func (s *Service) ChangePassword(ctx context.Context, u User, current, next, sessionID string, m Meta) error {
	var v validate.Errors
	if current == "" {
		v.Add("current_password", "required")
	}
	CheckPassword(&v, "password", next)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.checkPassword(ctx, u, current, m); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.PasswordHash = hash
		return s.passwordChanged(ctx, tx, cur, sessionID, EventPasswordChanged, m)
	})
}

// checkPassword verifies u's current password before a sensitive change.
// It counts as a login attempt, reserved before the hash is verified and
// given back when right, so this is no way around the login limit.
func (s *Service) checkPassword(ctx context.Context, u User, password string, m Meta) error {
	refund, err := s.reserve(ctx, limitCheck{"login:acct:" + u.Email, s.cfg.Limits.LoginAccount},
		limitCheck{ipKey("login", m.IP), s.cfg.Limits.LoginIP})
	if err != nil {
		return err
	}
	cur, err := s.store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, err := s.hasher.Verify(ctx, cur.PasswordHash, password)
	if err != nil {
		return err
	}
	if !ok {
		return validate.Field("current_password", "password.wrong")
	}
	return refund(ctx)
}

// DeleteAccount deletes u after checking their password. The row stays, so
// that what they published keeps an author, but everything personal goes:
// names, address, password, sessions, keys.
func (s *Service) DeleteAccount(ctx context.Context, u User, password string, m Meta) error {
	if err := s.checkPassword(ctx, u, password, m); err != nil {
		return err
	}
	return s.Delete(ctx, u, m)
}

// Delete deletes u without asking for the password: the caller already
// proved who they are (an API key, as in udata).
func (s *Service) Delete(ctx context.Context, u User, m Meta) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if cur.Deleted() {
			return nil
		}
		if s.cfg.DeleteGuard != nil {
			if err := s.cfg.DeleteGuard(ctx, tx, cur); err != nil {
				return err
			}
		}
		old, now := cur, s.now()
		cur.Email = "deleted-" + cur.ID + "@deleted.invalid"
		cur.FirstName, cur.LastName, cur.About, cur.Website, cur.Avatar = "", "", "", "", ""
		cur.PasswordHash, cur.Active, cur.DeletedAt = "", false, now
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		if _, err := tx.DeleteSessions(ctx, cur.ID, ""); err != nil {
			return err
		}
		if _, err := tx.RevokeAPIKeys(ctx, cur.ID, now); err != nil {
			return err
		}
		if err := tx.forgetTwoFactor(ctx, cur.ID); err != nil {
			return err
		}
		for _, k := range []TokenKind{TokenConfirm, TokenReset, TokenEmailChange, TokenSecondStep} {
			if err := tx.DeleteTokens(ctx, cur.ID, k); err != nil {
				return err
			}
		}
		if err := s.log(ctx, tx, EventAccountDeleted, cur.ID, cur.ID, m, ""); err != nil {
			return err
		}
		return s.send(ctx, tx, old.Lang, mail.AccountDeleted, old.Email, mail.Data{Name: old.FirstName})
	})
}
