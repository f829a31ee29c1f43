package mydata

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// when is a time as the document writes it: RFC 3339 in UTC, null when
// it never happened.
func when(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

type profile struct {
	ID          string            `json:"id"`
	Slug        string            `json:"slug"`
	Email       string            `json:"email"`
	FirstName   string            `json:"first_name"`
	LastName    string            `json:"last_name"`
	About       string            `json:"about"`
	Website     string            `json:"website"`
	Lang        string            `json:"lang"`
	HasAvatar   bool              `json:"has_avatar"`
	Sysadmin    bool              `json:"sysadmin"`
	Active      bool              `json:"active"`
	Notify      map[string]string `json:"notification_preferences"`
	CreatedAt   *time.Time        `json:"created_at"`
	ConfirmedAt *time.Time        `json:"confirmed_at"`
	LastLoginAt *time.Time        `json:"last_login_at"`
}

// profileOf leaves the password hash out: it is a secret, and of no use
// anywhere else.
func profileOf(u account.User) profile {
	return profile{u.ID, u.Slug, u.Email, u.FirstName, u.LastName, u.About, u.Website, u.Lang, u.Avatar != "",
		u.Sysadmin, u.Active, u.Notify, when(u.CreatedAt), when(u.ConfirmedAt), when(u.LastLoginAt)}
}

type orgRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

func (e *Exporter) orgRef(ctx context.Context, id string) orgRef {
	o, err := e.orgs.OrgByID(ctx, id)
	if err != nil { // deleted since: its id is still the person's record
		return orgRef{ID: id}
	}
	return orgRef{o.ID, o.Slug, o.Name}
}

func (e *Exporter) memberships(ctx context.Context, u account.User, emit func(any) error) error {
	ms, err := e.orgs.UserMemberships(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		mb, err := e.orgs.Member(ctx, m.Org.ID, u.ID)
		if err != nil {
			return err
		}
		if err := emit(map[string]any{"organization": orgRef{m.Org.ID, m.Org.Slug, m.Org.Name}, "role": m.Role,
			"function": mb.Function, "since": when(mb.Since)}); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) requests(ctx context.Context, u account.User, emit func(any) error) error {
	rs, err := e.orgs.RequestsOfUser(ctx, u.ID, u.Email)
	if err != nil {
		return err
	}
	for _, r := range rs {
		err := emit(map[string]any{"id": r.ID, "kind": r.Kind, "organization": e.orgRef(ctx, r.OrgID),
			"status": r.Status, "role": r.Role, "comment": r.Comment, "created_at": when(r.CreatedAt),
			"handled_at": when(r.HandledAt), "refusal_comment": r.RefusalComment, "expires_at": when(r.ExpiresAt),
			"sent_to_support_at": when(r.EscalatedAt)})
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) datasets(ctx context.Context, u account.User, emit func(any) error) error {
	return e.catalog.EachDatasetOwnedBy(ctx, u.ID, func(d catalog.Dataset) error {
		rs, err := e.catalog.Resources(ctx, d.ID)
		if err != nil {
			return err
		}
		resources := make([]map[string]any, 0, len(rs))
		for _, r := range rs {
			resources = append(resources, map[string]any{"id": r.ID, "title": r.Title, "description": r.Description,
				"filetype": r.Filetype, "type": r.Type, "format": r.Format, "url": r.URL, "mime": r.Mime,
				"filesize": r.Size, "checksum_sha256": r.Checksum, "created_at": when(r.CreatedAt),
				"updated_at": when(r.UpdatedAt)})
		}
		return emit(map[string]any{"id": d.ID, "slug": d.Slug, "title": d.Title, "acronym": d.Acronym,
			"description": d.Description, "tags": d.Tags, "license": d.License, "frequency": d.Frequency,
			"private": d.Private, "draft": d.Draft, "created_at": when(d.CreatedAt), "updated_at": when(d.UpdatedAt),
			"deleted_at": when(d.DeletedAt), "resources": resources})
	})
}

// apiKeys names the keys and their dates, never their secrets (which socle
// does not keep) nor their hashes.
func (e *Exporter) apiKeys(ctx context.Context, u account.User, emit func(any) error) error {
	ks, err := e.accounts.APIKeysEver(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, k := range ks {
		if err := emit(map[string]any{"id": k.ID, "name": k.Name, "prefix": k.Prefix, "scopes": k.Scopes,
			"created_at": when(k.CreatedAt), "last_used_at": when(k.LastUsedAt), "expires_at": when(k.ExpiresAt),
			"revoked_at": when(k.RevokedAt)}); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) sessions(ctx context.Context, u account.User, emit func(any) error) error {
	ss, err := e.accounts.Sessions(ctx, u.ID, e.now())
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := emit(map[string]any{"id": s.ID, "created_at": when(s.CreatedAt), "last_seen_at": when(s.LastSeenAt),
			"expires_at": when(s.ExpiresAt), "user_agent": s.UserAgent, "ip": s.IP}); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) apps(ctx context.Context, u account.User, emit func(any) error) error {
	gs, err := e.oauth.GrantsOf(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		name := ""
		if c, err := e.oauth.Client(ctx, g.ClientID); err == nil {
			name = c.Name
		}
		if err := emit(map[string]any{"client_id": g.ClientID, "name": name, "scopes": g.Scopes,
			"created_at": when(g.CreatedAt), "last_used_at": when(g.LastUsedAt)}); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) notifications(ctx context.Context, u account.User, emit func(any) error) error {
	return e.orgs.EachNotification(ctx, u.ID, func(n org.Notification) error {
		return emit(map[string]any{"id": n.ID, "kind": n.Kind, "organization_id": n.OrgID,
			"other_user_id": n.OtherUserID, "request_kind": n.RequestKind, "badge": n.Badge, "comment": n.Comment,
			"created_at": when(n.CreatedAt), "read_at": when(n.ReadAt)})
	})
}

func (e *Exporter) accountHistory(ctx context.Context, u account.User, emit func(any) error) error {
	return e.accounts.EachEvent(ctx, u.ID, func(ev account.Event) error {
		return emit(map[string]any{"at": when(ev.At), "kind": ev.Kind, "actor_id": ev.ActorID, "user_id": ev.UserID,
			"ip": ev.IP, "detail": ev.Detail})
	})
}

func (e *Exporter) orgHistory(ctx context.Context, u account.User, emit func(any) error) error {
	return e.orgs.EachEventNaming(ctx, u.ID, func(ev org.Event) error {
		return emit(map[string]any{"at": when(ev.At), "organization_id": ev.OrgID, "kind": ev.Kind,
			"actor_id": ev.ActorID, "user_id": ev.UserID, "detail": ev.Detail, "by_support": ev.Support})
	})
}

func (e *Exporter) following(ctx context.Context, u account.User, emit func(any) error) error {
	fs, err := e.follows.Following(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if err := emit(map[string]any{"kind": f.Target.Kind, "id": f.Target.ID, "since": when(f.Since)}); err != nil {
			return err
		}
	}
	return nil
}
