package account

import (
	"context"
	"errors"
	"time"

	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/validate"
)

// TokenSecondStep is a sign-in whose password was right and whose second
// step is to come: the second step's page holds it in a cookie.
const TokenSecondStep TokenKind = "second_step"

// secondStepTTL is how long the second step may wait after the password.
const secondStepTTL = 10 * time.Minute

// SecondStep is what Login returns when the password was right and a
// second step must follow before any session opens.
type SecondStep struct {
	Token string // the sign-in in progress, for the second step's page
	Enrol bool   // the account must enrol first (a sysadmin, when the setting says so)
}

func (e *SecondStep) Error() string { return "a second sign-in step is needed" }

// Unwrap makes a pending sign-in, to a caller that ignores it, a refusal.
func (e *SecondStep) Unwrap() error { return errs.ErrUnauthenticated }

type step int

const (
	stepNone step = iota
	stepCode
	stepEnrol
)

// secondStepOf is what u's sign-in needs after the password.
func (s *Service) secondStepOf(ctx context.Context, u User) (step, error) {
	on, _, err := s.TwoFactor(ctx, u)
	switch {
	case err != nil:
		return stepNone, err
	case on:
		return stepCode, nil
	case u.Sysadmin && s.cfg.TwoFactorSysadmins:
		return stepEnrol, nil
	}
	return stepNone, nil
}

func (s *Service) pendSecondStep(ctx context.Context, u User, st step) error {
	var token string
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		token, err = s.newToken(ctx, tx, TokenSecondStep, u, "", secondStepTTL)
		return err
	})
	if err != nil {
		return err
	}
	return &SecondStep{Token: token, Enrol: st == stepEnrol}
}

// pendingUser is the user of the sign-in in progress token, left unspent.
func (s *Service) pendingUser(ctx context.Context, token string) (User, error) {
	if token == "" || len(token) > 100 {
		return User{}, ErrSecondStepExpired
	}
	t, err := s.store.TokenByHash(ctx, s.hash(token))
	if errors.Is(err, ErrNotFound) || (err == nil && (t.Kind != TokenSecondStep || !t.UsedAt.IsZero() || !s.now().Before(t.ExpiresAt))) {
		return User{}, ErrSecondStepExpired
	}
	if err != nil {
		return User{}, err
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return User{}, err
	}
	if !u.Active || u.Deleted() {
		return User{}, ErrSecondStepExpired
	}
	return u, nil
}

// SecondStepEnrols reports whether the sign-in in progress token must
// enrol (rather than type a code); ErrSecondStepExpired when it is over.
func (s *Service) SecondStepEnrols(ctx context.Context, token string) (bool, error) {
	u, err := s.pendingUser(ctx, token)
	if err != nil {
		return false, err
	}
	st, err := s.secondStepOf(ctx, u)
	return st == stepEnrol, err
}

// EnrolAtSignIn starts the enrolment of a sign-in that requires one, or
// shows again the one started.
func (s *Service) EnrolAtSignIn(ctx context.Context, token string) (Enrolment, error) {
	u, err := s.pendingUser(ctx, token)
	if err != nil {
		return Enrolment{}, err
	}
	if e, err := s.PendingTwoFactor(ctx, u); !errors.Is(err, ErrTwoFactorOff) {
		return e, err
	}
	return s.StartTwoFactor(ctx, u)
}

// LoginSecondStep ends the sign-in in progress token with a code of the
// account's TOTP app or one of its recovery codes, and opens the session
// (amr "pwd otp"). Codes are login attempts: counted per account and per
// IP before they are checked, as passwords are, and only a right one
// clears the account's failures.
func (s *Service) LoginSecondStep(ctx context.Context, token, code, previous string, m Meta) (User, string, error) {
	u, session, err := s.finishSecondStep(ctx, token, previous, m, func(tx Tx, u User) error {
		return s.useCode(ctx, tx, u, code)
	})
	return u, session, err
}

// LoginEnrol ends a sign-in that required enrolment with the first code of
// the enrolment EnrolAtSignIn started: the enrolment is confirmed, the
// session opens, and the recovery codes are returned, shown this once.
func (s *Service) LoginEnrol(ctx context.Context, token, code, previous string, m Meta) (User, string, []string, error) {
	var codes []string
	u, session, err := s.finishSecondStep(ctx, token, previous, m, func(tx Tx, u User) error {
		var err error
		codes, err = s.confirmTOTP(ctx, tx, u, code, m)
		return err
	})
	return u, session, codes, err
}

func (s *Service) finishSecondStep(ctx context.Context, token, previous string, m Meta, check func(Tx, User) error) (User, string, error) {
	u, err := s.pendingUser(ctx, token)
	if err != nil {
		return User{}, "", err
	}
	acct := limitCheck{"login:acct:" + u.Email, s.cfg.Limits.LoginAccount}
	refund, err := s.reserve(ctx, acct, limitCheck{ipKey("login", m.IP), s.cfg.Limits.LoginIP})
	if err != nil {
		return User{}, "", err
	}
	var session string
	err = s.store.InTx(ctx, func(tx Tx) error {
		// Spent first: of two concurrent second steps, one goes on.
		if _, err := tx.UseToken(ctx, s.hash(token), TokenSecondStep, s.now()); errors.Is(err, ErrNotFound) {
			return ErrSecondStepExpired
		} else if err != nil {
			return err
		}
		if err := check(tx, u); err != nil {
			return err
		}
		var err error
		session, err = s.openSession(ctx, tx, &u, previous, m, []string{AMRPassword, AMROTP})
		return err
	})
	var inv *validate.Errors
	if errors.As(err, &inv) {
		return User{}, "", errors.Join(s.store.InTx(ctx, func(tx Tx) error {
			return s.log(ctx, tx, EventSecondStepFail, "", u.ID, m, "")
		}), err)
	}
	if err != nil {
		return User{}, "", err
	}
	return u, session, refund(ctx, acct.key)
}
