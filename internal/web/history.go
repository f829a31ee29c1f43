package web

import (
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/org"
)

// EventDetail says in words the detail of an organization's history event:
// the values the domain records as codes (roles, badges, why a request
// reached support) become the visitor's words; what people wrote (a
// comment, a reason, a name, an address) stays as written.
func (p *page) EventDetail(e org.Event) string {
	role := func(r string) string { return p.T(fmt.Sprintf("role.%s", strings.TrimSpace(r))) }
	switch e.Kind {
	case "request.accepted":
		return role(e.Detail)
	case "member.role":
		from, to, ok := strings.Cut(e.Detail, "->")
		if !ok {
			return e.Detail
		}
		return role(from) + " → " + role(to)
	case "invitation.created":
		email, r, ok := strings.Cut(e.Detail, " ")
		if !ok {
			return e.Detail
		}
		return email + " (" + role(r) + ")"
	case "request.escalated":
		return p.T(fmt.Sprintf("support.why.%s", e.Detail))
	case "org.lookalike", "org.lookalike_dismissed": // "id name": the name says it
		if _, name, ok := strings.Cut(e.Detail, " "); ok {
			return name
		}
	case "badge.added", "badge.removed":
		return p.T(fmt.Sprintf("badge.%s", e.Detail))
	}
	return e.Detail
}

// EventKind names an event's kind in words.
func (p *page) EventKind(e org.Event) string { return p.T(fmt.Sprintf("history.%s", e.Kind)) }
