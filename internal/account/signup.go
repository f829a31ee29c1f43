package account

import (
	"context"
	"errors"

	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/validate"
)

// SignUp is the sign-up form.
type SignUp struct {
	FirstName   string
	LastName    string
	Email       string
	Password    string
	AcceptTerms bool
}

const maxNameLen = 255

func (in *SignUp) validate() error {
	var v validate.Errors
	in.Email = NormalizeEmail(in.Email)
	v.Required("first_name", in.FirstName, maxNameLen)
	v.Required("last_name", in.LastName, maxNameLen)
	v.Email("email", in.Email)
	CheckPassword(&v, "password", in.Password)
	if !in.AcceptTerms {
		v.Add("accept_terms", "terms.required")
	}
	return v.Err()
}

// SignUp registers a new account and e-mails a confirmation link. When the
// address already has an account it answers exactly the same and e-mails
// that address instead, so sign-up never reveals who has an account.
func (s *Service) SignUp(ctx context.Context, in SignUp, m Meta) error {
	if err := in.validate(); err != nil {
		return err
	}
	if err := s.hit(ctx,
		limitCheck{ipKey("signup", m.IP), s.cfg.Limits.SignupIP},
		limitCheck{"signup:addr:" + in.Email, s.cfg.Limits.SignupAddress}); err != nil {
		return err
	}
	// Hash before looking the address up, so both paths cost the same.
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return err
	}
	return s.retryConflict(ctx, func(tx Tx) error {
		existing, err := tx.UserByEmail(ctx, in.Email)
		switch {
		case err == nil:
			return s.signUpExisting(ctx, tx, existing, m)
		case !errors.Is(err, ErrNotFound):
			return err
		}
		u := User{ID: NewID(), Email: in.Email, FirstName: in.FirstName, LastName: in.LastName,
			PasswordHash: hash, Lang: langOr(m.Lang, "fr"), Active: true, CreatedAt: s.now()}
		if err := s.createUser(ctx, tx, &u); err != nil {
			return err
		}
		if err := s.log(ctx, tx, EventSignup, u.ID, u.ID, m, ""); err != nil {
			return err
		}
		return s.sendConfirmation(ctx, tx, u)
	})
}

func (s *Service) signUpExisting(ctx context.Context, tx Tx, u User, m Meta) error {
	if err := s.log(ctx, tx, EventSignupExisting, "", u.ID, m, ""); err != nil {
		return err
	}
	return s.send(ctx, tx, u.Lang, mail.AlreadyRegistered, u.Email, mail.Data{
		Name: u.FirstName, Link: s.cfg.BaseURL + "/login", OtherLink: s.cfg.BaseURL + "/password/forgot"})
}

func (s *Service) sendConfirmation(ctx context.Context, tx Tx, u User) error {
	token, err := s.newToken(ctx, tx, TokenConfirm, u, u.Email, s.cfg.ConfirmTTL)
	if err != nil {
		return err
	}
	return s.send(ctx, tx, u.Lang, mail.ConfirmSignup, u.Email, mail.Data{
		Name: u.FirstName, Link: s.link("/confirm", token), Expires: s.cfg.ConfirmTTL})
}

// retryConflict runs fn in a transaction, once more if it hit a uniqueness
// conflict: two concurrent sign-ups for one address or one slug. The second
// run sees the first one's row and takes the other path.
func (s *Service) retryConflict(ctx context.Context, fn func(Tx) error) error {
	var err error
	for range 3 {
		err = s.store.InTx(ctx, fn)
		if !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// createUser inserts u under a slug of its name that nobody uses, even
// when a namesake is created at the same moment.
func (s *Service) createUser(ctx context.Context, tx Tx, u *User) error {
	var err error
	u.Slug, err = slug.Claim(slug.Make(u.FullName(), 80, "user"),
		func(c string) (bool, error) { return tx.SlugTaken(ctx, c) },
		func(c string) error { u.Slug = c; return tx.CreateUser(ctx, *u) })
	return err
}

// ResendConfirmation e-mails a new confirmation link if address belongs to an
// unconfirmed account. It answers the same whatever the address.
func (s *Service) ResendConfirmation(ctx context.Context, address string, m Meta) error {
	address, err := s.addressRequest(ctx, "confirm", address, m, s.cfg.Limits.SignupIP, s.cfg.Limits.SignupAddress)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByEmail(ctx, address)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil || u.Confirmed() {
			return err
		}
		return s.sendConfirmation(ctx, tx, u)
	})
}

// ConfirmSignup consumes a confirmation link and marks the address confirmed.
func (s *Service) ConfirmSignup(ctx context.Context, token string, m Meta) (User, error) {
	var u User
	err := s.store.InTx(ctx, func(tx Tx) error {
		t, user, err := s.useLink(ctx, tx, token, TokenConfirm)
		if err != nil {
			return err
		}
		if u = user; u.Email != t.Email {
			return ErrInvalidLink // the address changed since the link was sent
		}
		if u.Confirmed() {
			return nil
		}
		u.ConfirmedAt = s.now()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := s.confirmed(ctx, tx, u); err != nil {
			return err
		}
		return s.log(ctx, tx, EventConfirmed, u.ID, u.ID, m, u.Email)
	})
	return u, err
}

// confirmed runs the Confirmed hook, if any.
func (s *Service) confirmed(ctx context.Context, tx Tx, u User) error {
	if s.cfg.Confirmed == nil {
		return nil
	}
	return s.cfg.Confirmed(ctx, tx, u)
}

// NewUser is an account an operator creates from the command line.
type NewUser struct {
	Email     string
	FirstName string
	LastName  string
	Password  string
	Sysadmin  bool
	Confirmed bool
}

// CreateUser makes an account directly, for operators bootstrapping a portal.
// Unlike sign-up it says when the address is taken: operators are trusted.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, error) {
	u, err := s.newAccount(ctx, in)
	if err != nil {
		return User{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := s.createNamedUser(ctx, tx, &u); err != nil {
			return err
		}
		if err := s.log(ctx, tx, EventUserCreated, "", u.ID, Meta{IP: "cli"}, ""); err != nil {
			return err
		}
		if in.Confirmed {
			return s.confirmed(ctx, tx, u)
		}
		return s.sendConfirmation(ctx, tx, u)
	})
	return u, err
}

// newAccount checks an account made by an operator (or at first run) and
// hashes its password; nothing is written yet.
func (s *Service) newAccount(ctx context.Context, in NewUser) (User, error) {
	in.Email = NormalizeEmail(in.Email)
	var v validate.Errors
	v.Email("email", in.Email)
	v.Required("first_name", in.FirstName, maxNameLen)
	v.Required("last_name", in.LastName, maxNameLen)
	CheckPassword(&v, "password", in.Password)
	if err := v.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{ID: NewID(), Email: in.Email, FirstName: in.FirstName, LastName: in.LastName,
		PasswordHash: hash, Lang: "fr", Sysadmin: in.Sysadmin, Active: true, CreatedAt: s.now()}
	if in.Confirmed {
		u.ConfirmedAt = u.CreatedAt
	}
	return u, nil
}

// createNamedUser creates u, saying when its address is taken: operators
// are trusted with that, unlike sign-up.
func (s *Service) createNamedUser(ctx context.Context, tx Tx, u *User) error {
	if _, err := tx.UserByEmail(ctx, u.Email); err == nil {
		return validate.Field("email", "email.taken")
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	return s.createUser(ctx, tx, u)
}
