package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/errs"
)

// First run: a portal with no sysadmin prints, when it starts, a one-time
// link to create the first one in the browser (as Gitea and PocketBase do),
// so that a newcomer never needs the command line. The link's secret is
// kept hashed in the settings table, with its expiry; each start replaces
// it, and using it deletes it.

// SetupTTL is how long a first-run link stays valid.
const SetupTTL = 24 * time.Hour

// ErrSetupDone refuses a first-run link once a sysadmin exists, or a link
// used, replaced or expired.
var ErrSetupDone = errs.New(errs.ErrGone, "setup.done", "the portal already has an administrator, or this link was used or replaced")

const setupKey = "setup.token"

// SetupLink returns a new first-run secret when the portal has no
// sysadmin yet, and "" when it has one.
func (s *Service) SetupLink(ctx context.Context) (string, error) {
	has, err := s.store.HasSysadmin(ctx)
	if err != nil || has {
		return "", err
	}
	plain := newSecret(32)
	value := s.hash(plain) + "|" + strconv.FormatInt(s.now().Add(SetupTTL).Unix(), 10)
	return plain, s.store.db.PutSetting(ctx, setupKey, value)
}

// SetupValid tells whether token is the current first-run secret, for the
// page to show its form or say that setup is done.
func (s *Service) SetupValid(ctx context.Context, token string) (bool, error) {
	has, err := s.store.HasSysadmin(ctx)
	if err != nil || has {
		return false, err
	}
	value, err := s.store.GetSetting(ctx, setupKey)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil && s.setupMatches(value, token), err
}

func (s *Service) setupMatches(value, token string) bool {
	hash, exp, ok := strings.Cut(value, "|")
	unix, err := strconv.ParseInt(exp, 10, 64)
	return ok && err == nil && s.now().Before(time.Unix(unix, 0)) &&
		subtle.ConstantTimeCompare([]byte(hash), []byte(s.hash(token))) == 1
}

// CreateFirstSysadmin makes the first sysadmin with a first-run secret.
// Taking the secret (deleting its row) and checking that no sysadmin
// exists happen in the transaction that creates the account, so of two
// people racing with the link only one becomes admin.
func (s *Service) CreateFirstSysadmin(ctx context.Context, token string, in NewUser, m Meta) (User, error) {
	in.Sysadmin, in.Confirmed = true, true
	u, err := s.newAccount(ctx, in)
	if err != nil {
		return User{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		value, err := tx.GetSetting(ctx, setupKey)
		if errors.Is(err, ErrNotFound) || (err == nil && !s.setupMatches(value, token)) {
			return ErrSetupDone
		} else if err != nil {
			return err
		}
		if taken, err := tx.TakeSetting(ctx, setupKey, value); err != nil || !taken {
			return errors.Join(err, ErrSetupDone)
		}
		if has, err := tx.HasSysadmin(ctx); err != nil || has {
			return errors.Join(err, ErrSetupDone)
		}
		if err := s.createNamedUser(ctx, tx, &u); err != nil {
			return err
		}
		return s.log(ctx, tx, EventUserCreated, u.ID, u.ID, m, "first run")
	})
	return u, err
}
