package api

import (
	"net/http"
	"slices"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// coreOps lists the operations of routes() but followRoutes(), in the order
// of the page; apiOps adds followOps.
func coreOps() []op {
	ok := http.StatusOK
	created := http.StatusCreated
	jsonBody := func(name, desc string) *body {
		return &body{Type: "application/json", Schema: ref(name), Description: desc}
	}
	list := func(name string) schema { return arrayOf(ref(name)) }
	orgSorts := []string{"name", "created", "last_modified", "datasets", "followers", "reuses", "views"}
	datasetSorts := []string{"title", "created", "last_modified", "last_update", "published"}
	withDesc := func(sorts []string) []string {
		out := slices.Clone(sorts)
		for _, s := range sorts {
			out = append(out, "-"+s)
		}
		return out
	}
	idParam := func(desc string) param {
		return param{Name: "id", In: "path", Required: true, Description: desc, Schema: str()}
	}
	userParam := func(desc string) param {
		return param{Name: "user", In: "path", Required: true, Description: desc, Schema: str()}
	}
	csv := func(desc string) resp {
		return resp{Status: ok, Description: desc, Type: "text/csv", Schema: str()}
	}
	rdf := []resp{
		{Status: ok, Description: "DCAT-AP as JSON-LD.", Type: "application/ld+json", Schema: ref("JSONLD")},
	}
	ttl := []resp{{Status: ok, Description: "DCAT-AP as Turtle.", Type: "text/turtle", Schema: str()}}
	rdfXML := []resp{{Status: ok, Description: "DCAT-AP as RDF/XML.", Type: "application/rdf+xml", Schema: str()}}
	catalogParams := []param{pageParam, exportPageSizeParam}
	document := []resp{{Status: ok, Description: "This OpenAPI 3.1 document.", Type: "application/json",
		Schema: schema{"type": "object", "required": []string{"openapi", "info", "paths"}}}}

	return []op{
		// me
		{Method: "GET", Path: "/me/", Tag: "me", Auth: authUser, Summary: "The current user",
			Description: "With `email` and `last_login_at`, and the organizations the user belongs to.",
			Responses:   []resp{jsonResp(ok, "The user.", ref("User"))}},
		{Method: "PUT", Path: "/me/", Tag: "me", Auth: authUser, Summary: "Update my profile",
			Body:      jsonBody("UserUpdate", "Any of the writable fields; read-only fields are ignored, unknown ones refused."),
			Responses: []resp{jsonResp(ok, "The updated user.", ref("User"))}},
		{Method: "DELETE", Path: "/me/", Tag: "me", Auth: authUser, Summary: "Delete my account",
			Description: "The account is anonymized, its sessions end and its API tokens are revoked. " +
				"Refused with 409 while the user is the last admin of an organization.",
			Responses: []resp{noContent("Deleted.")}, Errors: []int{409}},
		{Method: "POST", Path: "/me/avatar/", Tag: "me", Auth: authUser, Summary: "Set my avatar",
			Description: "PNG, JPEG or WebP, 5 MB at most (400 on `file` otherwise); stored at 500, 100 and 32 px. " +
				"The user object's `avatar` is the 500 px one, `avatar_thumbnail` the 100 px one.",
			Body:      &body{Type: "multipart/form-data", Schema: ref("FileUpload")},
			Responses: []resp{jsonResp(ok, "The 500 px avatar.", ref("Image"))}, Errors: []int{413}},
		{Method: "GET", Path: "/me/metrics/", Tag: "me", Auth: authUser, Summary: "My dashboard's counts",
			Description: "udata's counts: my datasets, my organizations' datasets, their followers.",
			Responses:   []resp{jsonResp(ok, "The counts.", ref("MyMetrics"))}},
		{Method: "GET", Path: "/me/export/", Tag: "me", Auth: authUser, Summary: "Download my data",
			Description: "Everything socle holds about the user, as one JSON document streamed as it is read " +
				"(GDPR article 20; its format is in docs/api.md). The password is asked again, in `X-Socle-Password`; " +
				"refused to OAuth tokens (403), limited per account (429, `--rate-export`). A document cut short " +
				"by an error is not valid JSON.",
			Params: []param{{Name: "X-Socle-Password", In: "header", Required: true, Description: "The user's password.",
				Schema: str()}},
			Responses: []resp{{Status: ok, Description: "The document, as an attachment.", Type: "application/json",
				Schema:  schema{"type": "object", "required": []string{"format", "generated_at", "profile"}},
				Headers: map[string]string{"Content-Disposition": "attachment; filename=\"socle-{slug}-{date}.json\""}}},
			Errors: []int{400, 403, 429}},
		{Method: "GET", Path: "/me/api_tokens/", Tag: "me", Auth: authUser, Summary: "My active API tokens",
			Responses: []resp{jsonResp(ok, "The tokens, never their secret.", list("APIToken"))}},
		{Method: "POST", Path: "/me/api_tokens/", Tag: "me", Auth: authUser, Summary: "Create an API token",
			Body:      jsonBody("APITokenInput", ""),
			Responses: []resp{jsonResp(created, "The token, with `token` shown only here.", ref("NewAPIToken"))}},
		{Method: "DELETE", Path: "/me/api_tokens/{id}/", Tag: "me", Auth: authUser, Summary: "Revoke an API token",
			Params:    []param{idParam("Token id.")},
			Responses: []resp{noContent("Revoked.")}, Errors: []int{404, 410}},
		{Method: "GET", Path: "/me/datasets/", Tag: "me", Auth: authUser, Summary: "My own datasets",
			Description: "Datasets the user owns personally, drafts and private ones included, newest first: " +
				"a plain array, as udata's, of `page_size` datasets at most; `page` reads further.",
			Params:    []param{pageParam, arrayPageSizeParam},
			Responses: []resp{jsonResp(ok, "The datasets.", list("Dataset"))}},
		{Method: "GET", Path: "/me/org_datasets/", Tag: "me", Auth: authUser, Summary: "Datasets I may publish to",
			Description: "The datasets of the user's organizations and the user's own, drafts and private ones " +
				"included, most recently modified first: a plain array, as udata's, of `page_size` datasets at most; " +
				"`page` reads further.",
			Params:    []param{qParam, pageParam, arrayPageSizeParam},
			Responses: []resp{jsonResp(ok, "The datasets.", list("Dataset"))}},
		{Method: "GET", Path: "/me/org_invitations/", Tag: "me", Auth: authUser, Summary: "My pending invitations",
			Description: "Pending, unexpired invitations to the account or to its confirmed address.",
			Responses:   []resp{jsonResp(ok, "The invitations.", list("Invitation"))}},
		{Method: "POST", Path: "/me/org_invitations/{id}/accept/", Tag: "me", Auth: authUser, Summary: "Accept an invitation",
			Params:    []param{idParam("Invitation id.")},
			Responses: []resp{jsonResp(ok, "I am a member, with the invitation's role.", ref("Member"))},
			Errors:    []int{404, 409, 410}},
		{Method: "POST", Path: "/me/org_invitations/{id}/refuse/", Tag: "me", Auth: authUser, Summary: "Refuse an invitation",
			Params:    []param{idParam("Invitation id.")},
			Responses: []resp{jsonResp(ok, "Refused.", ref("Empty"))}, Errors: []int{404, 409, 410}},

		// users
		{Method: "GET", Path: "/users/", Tag: "users", Auth: authUser, Summary: "List and search users (sysadmins)",
			Description: "For sysadmins only, as udata's. Accounts neither deleted nor deactivated, in the order of their " +
				"slugs. `q`: every word as a prefix of a word of the first or last name, in any order, accents and case ignored.",
			Params:    []param{qParam, pageParam, pageSizeParam},
			Responses: []resp{jsonResp(ok, "A page of users.", pageOf(ref("User"), maxPageSize))}, Errors: []int{403}},
		{Method: "GET", Path: "/users/suggest/", Tag: "users", Summary: "Suggest users",
			Description: "Accounts neither deleted nor deactivated whose names match `q`, as in the list.",
			Params: []param{qParam, {Name: "size", In: "query", Description: "Number of suggestions, 1 to 20.",
				Schema: schema{"type": "integer", "minimum": 1, "maximum": 20, "default": 10}}},
			Responses: []resp{jsonResp(ok, "Matching users.", list("UserSuggestion"))}},
		{Method: "GET", Path: "/users/{user}/", Tag: "users", Auth: authOptional, Summary: "One user",
			Description: "Without `email` and `last_login_at` unless the caller is the user or a sysadmin.",
			Params:      []param{userParam("User id or slug.")},
			Responses:   []resp{jsonResp(ok, "The user.", ref("User"))}, Errors: []int{404, 410}},

		// organizations
		{Method: "GET", Path: "/organizations/", Tag: "organizations", Auth: authOptional, Summary: "List and search organizations",
			Description: "Deleted organizations are excluded. With `duplicates_of`, the live organizations that look " +
				"like that name or `business_number_id` instead (same SIREN, or same normalized name).",
			Params: []param{qParam,
				{Name: "badge", In: "query", Schema: enumOf(badgeKinds()...)},
				{Name: "name", In: "query", Description: "Exact name, case-insensitive.", Schema: str()},
				{Name: "business_number_id", In: "query", Description: "Exact SIRET or SIREN.", Schema: str()},
				{Name: "sort", In: "query", Description: "`-` for descending.", Schema: enumOf(withDesc(orgSorts)...)},
				{Name: "duplicates_of", In: "query", Description: "A name to find likely duplicates of.", Schema: str()},
				pageParam, pageSizeParam},
			Responses: []resp{jsonResp(ok, "A page of organizations (of organization references with `duplicates_of`).",
				schema{"anyOf": []any{pageOf(ref("Organization"), maxPageSize), pageOf(ref("OrganizationRef"), maxPageSize)}})}},
		{Method: "POST", Path: "/organizations/", Tag: "organizations", Auth: authUser, Summary: "Create an organization",
			Description: "The caller becomes its only admin. 403 for an unconfirmed account. A look-alike of an " +
				"existing organization is created too, as udata does, with those organizations in `duplicates`; " +
				"support is told. `confirm_duplicates` is accepted and changes nothing.",
			Body:      jsonBody("OrganizationInput", "`name` and `description` are required."),
			Responses: []resp{jsonResp(created, "The organization.", ref("Organization"))}},
		{Method: "GET", Path: "/organizations/roles/", Tag: "organizations", Summary: "Member roles",
			Responses: []resp{jsonResp(ok, "The roles.", list("Role"))}},
		{Method: "GET", Path: "/organizations/badges/", Tag: "organizations", Summary: "Badge kinds",
			Responses: []resp{jsonResp(ok, "Kind to label.", ref("BadgeKinds"))}},
		{Method: "GET", Path: "/organizations/suggest/", Tag: "organizations", Summary: "Suggest organizations",
			Params:    []param{qParam, sizeParamDoc},
			Responses: []resp{jsonResp(ok, "Organizations matching the name or acronym.", list("OrganizationSuggestion"))}},
		{Method: "GET", Path: "/organizations/{org}/", Tag: "organizations", Auth: authOptional, Summary: "One organization",
			Description: "`permissions` are the caller's; members' e-mails only to admins.",
			Responses:   []resp{jsonResp(ok, "The organization.", ref("Organization"))}, Errors: []int{404, 410}},
		{Method: "PUT", Path: "/organizations/{org}/", Tag: "organizations", Auth: authUser, Summary: "Update an organization",
			Body:      jsonBody("OrganizationInput", "Any of the writable fields."),
			Responses: []resp{jsonResp(ok, "The organization.", ref("Organization"))}, Errors: []int{404, 410}},
		{Method: "DELETE", Path: "/organizations/{org}/", Tag: "organizations", Auth: authUser, Summary: "Delete an organization",
			Description: "Soft delete: later reads answer 410.",
			Responses:   []resp{noContent("Deleted.")}, Errors: []int{404, 410}},
		{Method: "POST", Path: "/organizations/{org}/badges/", Tag: "organizations", Auth: authUser, Summary: "Add a badge",
			Description: "Sysadmins only; every member is notified. Adding a badge the organization has changes nothing (200).",
			Body:        jsonBody("BadgeInput", ""),
			Responses: []resp{jsonResp(created, "The badge.", ref("Badge")),
				jsonResp(ok, "The organization had it already.", ref("Badge"))}, Errors: []int{404, 410}},
		{Method: "DELETE", Path: "/organizations/{org}/badges/{kind}/", Tag: "organizations", Auth: authUser, Summary: "Remove a badge",
			Description: "Sysadmins only.",
			Params: []param{{Name: "kind", In: "path", Required: true, Description: "Badge kind.",
				Schema: enumOf(badgeKinds()...)}},
			Responses: []resp{noContent("Removed.")}, Errors: []int{404, 410}},
		{Method: "POST", Path: "/organizations/{org}/logo/", Tag: "organizations", Auth: authUser, Summary: "Set the logo",
			Description: "PNG, JPEG or WebP, 5 MB at most; stored at 500, 100, 60 and 25 px.",
			Body:        &body{Type: "multipart/form-data", Schema: ref("FileUpload")},
			Responses:   []resp{jsonResp(ok, "The 500 px logo.", ref("Image"))}, Errors: []int{404, 410, 413}},
		{Method: "GET", Path: "/organizations/{org}/datasets/", Tag: "organizations", Auth: authOptional,
			Summary:     "The organization's datasets",
			Description: "Members also see private datasets and drafts.",
			Params:      []param{pageParam, pageSizeParam},
			Responses:   []resp{jsonResp(ok, "A page of datasets.", pageOf(ref("Dataset"), maxPageSize))}, Errors: []int{404, 410}},

		// membership
		{Method: "POST", Path: "/organizations/{org}/membership/", Tag: "membership", Auth: authUser, Summary: "Ask to join",
			Description: "Every admin is notified. 409 for a member; 403 for an unconfirmed account.",
			Body:        jsonBody("CommentInput", "Why the caller asks."),
			Responses: []resp{jsonResp(created, "The new request.", ref("MembershipRequest")),
				jsonResp(ok, "The caller's pending request, updated: never two.", ref("MembershipRequest"))},
			Errors: []int{404, 409, 410}},
		{Method: "GET", Path: "/organizations/{org}/membership/", Tag: "membership", Auth: authUser,
			Summary:     "Requests and invitations",
			Description: "Admins see all; a user sees their own with `user` set to their id; others 403.",
			Params: []param{{Name: "status", In: "query", Description: "Only those of this status; another value: 400.",
				Schema: enumOf(strs(org.RequestStatuses)...)},
				{Name: "user", In: "query", Description: "Only this user's requests.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "Requests and invitations.", list("MembershipRequest"))},
			Errors:    []int{403, 404, 410}},
		{Method: "POST", Path: "/organizations/{org}/membership/{id}/accept/", Tag: "membership", Auth: authUser,
			Summary:     "Accept a request",
			Description: "Admins. 400 for an invitation id or a request no longer pending; 409 with the member when the requester is one.",
			Params:      []param{idParam("Request id.")},
			Body:        &body{Type: "application/json", Schema: ref("RoleInput"), Optional: true, Description: "The role to give; editor by default."},
			Responses: []resp{jsonResp(ok, "The new member.", ref("Member")),
				jsonResp(http.StatusConflict, "Already a member: the member.", ref("Member"))},
			Errors: []int{404, 409, 410}},
		{Method: "POST", Path: "/organizations/{org}/membership/{id}/refuse/", Tag: "membership", Auth: authUser,
			Summary: "Refuse a request", Description: "Admins. The requester is notified.",
			Params: []param{idParam("Request id.")}, Body: jsonBody("CommentInput", "Why, for the requester."),
			Responses: []resp{jsonResp(ok, "Refused.", ref("Empty"))}, Errors: []int{404, 409, 410}},
		{Method: "POST", Path: "/organizations/{org}/membership/{id}/cancel/", Tag: "membership", Auth: authUser,
			Summary: "Cancel an invitation", Description: "Admins; pending invitations only (400 otherwise).",
			Params:    []param{idParam("Invitation id.")},
			Responses: []resp{jsonResp(ok, "Canceled.", ref("Empty"))}, Errors: []int{400, 404, 410}},
		{Method: "DELETE", Path: "/organizations/{org}/membership/{id}/", Tag: "membership", Auth: authUser,
			Summary: "Withdraw my request", Description: "The requester, while it is pending (400 after, as udata).",
			Params:    []param{idParam("Request id.")},
			Responses: []resp{noContent("Withdrawn.")}, Errors: []int{400, 404, 410}},
		{Method: "POST", Path: "/organizations/{org}/membership/{id}/support/", Tag: "membership", Auth: authUser,
			Summary:     "Ask support about my request",
			Description: "The requester, once the request has waited long enough without answer (409 before).",
			Params:      []param{idParam("Request id.")},
			Responses:   []resp{jsonResp(ok, "Sent to support.", ref("Empty"))}, Errors: []int{404, 409, 410}},
		{Method: "POST", Path: "/organizations/{org}/member/", Tag: "membership", Auth: authUser, Summary: "Invite",
			Description: "Admins. A user by id or an address (an address with an account invites the account: `email` " +
				"null); the invitee is notified. Invitations expire. 400 on `user` for a member or someone with a pending " +
				"request or invitation, as udata: one at a time.",
			Body:      jsonBody("InvitationInput", "`user` or `email`, not both (400 on `user`)."),
			Responses: []resp{jsonResp(created, "The invitation.", ref("MembershipRequest"))}, Errors: []int{404, 410}},
		{Method: "PUT", Path: "/organizations/{org}/member/{user}/", Tag: "membership", Auth: authUser,
			Summary: "Change a member's role", Description: "Admins. 409 when it would leave no admin.",
			Body:      jsonBody("RoleInput", ""),
			Responses: []resp{jsonResp(ok, "The member.", ref("Member"))}, Errors: []int{404, 409, 410}},
		{Method: "DELETE", Path: "/organizations/{org}/member/{user}/", Tag: "membership", Auth: authUser,
			Summary:     "Remove a member, or leave",
			Description: "Admins, or the member themself (leave). 409 when it would leave no admin.",
			Responses:   []resp{noContent("Removed.")}, Errors: []int{404, 409, 410}},
		{Method: "GET", Path: "/support/requests/", Tag: "membership", Auth: authUser, Summary: "The support queue",
			Description: "Sysadmins: escalated pending requests, with the organization's admins.",
			Responses:   []resp{jsonResp(ok, "The queue.", list("SupportRequest"))}, Errors: []int{403}},
		{Method: "GET", Path: "/support/lookalikes/", Tag: "membership", Auth: authUser, Summary: "Look-alike organizations",
			Description: "Sysadmins: organizations created although they look like a live one (same SIREN or name), oldest first, until support dismisses the pair or either is deleted.",
			Responses:   []resp{jsonResp(ok, "The pairs.", list("SupportLookalike"))}, Errors: []int{403}},
		{Method: "POST", Path: "/support/lookalikes/{org}/{like}/dismiss/", Tag: "membership", Auth: authUser,
			Summary: "Not a duplicate", Description: "Sysadmins: the two organizations are distinct; the pair leaves the queue. 409 when it was settled already.",
			Params:    []param{{Name: "org", In: "path", Required: true, Description: "Id of the organization created.", Schema: str()}, {Name: "like", In: "path", Required: true, Description: "Id of the organization it looks like.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "Dismissed.", ref("Empty"))}, Errors: []int{403, 409}},

		// notifications
		{Method: "GET", Path: "/notifications/", Tag: "notifications", Auth: authUser, Summary: "My notifications",
			Params: []param{{Name: "handled", In: "query", Description: "`true` for read (handled) ones only, `false` for unread ones only; absent: all; another value: 400.",
				Schema: enumOf("true", "false")}, pageParam, pageSizeParam},
			Responses: []resp{jsonResp(ok, "A page of notifications.", pageOf(ref("Notification"), maxPageSize))}},
		{Method: "POST", Path: "/notifications/{id}/read/", Tag: "notifications", Auth: authUser, Summary: "Mark read",
			Params:    []param{idParam("Notification id.")},
			Responses: []resp{jsonResp(ok, "The notification.", ref("Notification"))}, Errors: []int{404}},

		// datasets
		{Method: "GET", Path: "/datasets/", Tag: "datasets", Auth: authOptional, Summary: "Search datasets",
			Description: "Deleted datasets are excluded (unless `deleted=true`); private and draft ones too, except, as udata, the caller's own and their organizations' (all of them for sysadmins).",
			Params: []param{qParam,
				{Name: "tag", In: "query", Description: "Repeatable: every tag must be present.", Schema: arrayOf(str()), Explode: true},
				{Name: "license", In: "query", Schema: str()},
				{Name: "format", In: "query", Description: "A resource format.", Schema: str()},
				{Name: "organization", In: "query", Description: "Organization id (not a slug: 400).",
					Schema: schema{"type": "string", "pattern": "^[0-9a-f]{24}$"}},
				{Name: "owner", In: "query", Description: "User id (another shape: 400).", Schema: str()},
				{Name: "organization_badge", In: "query", Description: "Datasets of organizations with this badge.",
					Schema: enumOf(badgeKinds()...)},
				{Name: "private", In: "query", Description: "Signed in (401 otherwise): private datasets only, or the others.",
					Schema: boolean()},
				{Name: "deleted", In: "query", Description: "Signed in (401 otherwise): true lists the deleted datasets " +
					"the caller could edit instead of the live ones.", Schema: boolean()},
				{Name: "archived", In: "query", Description: "Signed in (401 otherwise). socle archives no dataset: " +
					"true finds none.", Schema: boolean()},
				{Name: "featured", In: "query", Description: "socle features no dataset: true finds none.", Schema: boolean()},
				{Name: "access_type", In: "query", Description: "Every socle dataset is open: another type finds none.",
					Schema: enumOf(accessTypes...)},
				{Name: "schema", In: "query", Description: "socle keeps no table schema of resources: finds none.", Schema: str()},
				{Name: "schema_version", In: "query", Description: "As `schema`.", Schema: str()},
				{Name: "topic", In: "query", Description: "socle has no topics: an id is ignored (as udata ignores an " +
					"unknown topic), another shape is a 400.", Schema: str()},
				{Name: "geozone", In: "query", Description: "A zone id of the directory of local authorities " +
					"(`fr:epci:200054781`): datasets whose spatial zones include it; unknown: 400.", Schema: str()},
				{Name: "granularity", In: "query", Description: "Datasets of this spatial granularity.",
					Schema: enumOf(catalog.Granularities...)},
				{Name: "temporal_coverage", In: "query", Description: "Two days, `start-end` (`2020-01-01-2020-12-31`, " +
					"the end included): datasets whose temporal coverage overlaps them. Another shape, or an end " +
					"before the start: 400.", Schema: schema{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}$`}},
				{Name: "sort", In: "query", Description: "`-` for descending; by relevance with `q` and no sort.",
					Schema: enumOf(withDesc(datasetSorts)...)},
				pageParam, pageSizeParam},
			Responses: []resp{jsonResp(ok, "A page of datasets.", pageOf(ref("Dataset"), maxPageSize))}},
		{Method: "POST", Path: "/datasets/", Tag: "datasets", Auth: authUser, Summary: "Create a dataset",
			Description: "Under an organization: its admins and editors (403 otherwise). Without one, the caller owns it.",
			Body:        jsonBody("DatasetInput", "`title` and `description` are required."),
			Responses:   []resp{jsonResp(created, "The dataset.", ref("Dataset"))}},
		{Method: "GET", Path: "/datasets/licenses/", Tag: "datasets", Summary: "Licenses",
			Responses: []resp{jsonResp(ok, "The licenses.", list("License"))}},
		{Method: "GET", Path: "/datasets/frequencies/", Tag: "datasets", Summary: "Update frequencies",
			Responses: []resp{jsonResp(ok, "The frequencies.", list("Frequency"))}},
		{Method: "GET", Path: "/datasets/resource_types/", Tag: "datasets", Summary: "Resource types",
			Responses: []resp{jsonResp(ok, "The types of resources, with their labels.", list("Frequency"))}},
		{Method: "GET", Path: "/datasets/extensions/", Tag: "datasets", Summary: "Allowed file extensions",
			Description: "The extensions an uploaded file may have (the setting `--allowed-extensions`), sorted.",
			Responses:   []resp{jsonResp(ok, "The extensions, without a dot.", arrayOf(str()))}},
		{Method: "GET", Path: "/datasets/suggest/formats/", Tag: "datasets", Summary: "Suggest file formats",
			Description: "Allowed extensions containing `q`, at most `size`, shortest first.", Params: []param{qParam, sizeParamDoc},
			Responses: []resp{jsonResp(ok, "The suggestions.", arrayOf(object(map[string]schema{"text": str()})))}},
		{Method: "GET", Path: "/datasets/suggest/mime/", Tag: "datasets", Summary: "Suggest MIME types",
			Description: "MIME types of the setting `--allowed-mimes` containing `q`, at most `size`, shortest first.",
			Params:      []param{qParam, sizeParamDoc},
			Responses:   []resp{jsonResp(ok, "The suggestions.", arrayOf(object(map[string]schema{"text": str()})))}},
		{Method: "GET", Path: "/datasets/suggest/", Tag: "datasets", Summary: "Suggest datasets",
			Params:    []param{qParam, sizeParamDoc},
			Responses: []resp{jsonResp(ok, "Matching public datasets.", list("DatasetSuggestion"))}},
		{Method: "GET", Path: "/datasets/{dataset}/", Tag: "datasets", Auth: authOptional, Summary: "One dataset",
			Description: "Private or draft: 404 to those who may not see it. `permissions` are the caller's. Deleted: 200 " +
				"with `deleted` set to those who could edit it; to others 410 if it was public, 404 if private or draft.",
			Responses: []resp{jsonResp(ok, "The dataset, resources in order.", ref("Dataset"))}, Errors: []int{404, 410}},
		{Method: "PUT", Path: "/datasets/{dataset}/", Tag: "datasets", Auth: authUser, Summary: "Update a dataset",
			Description: "Editors of the dataset. The owner never changes here.",
			Body:        jsonBody("DatasetInput", "Any of the writable fields."),
			Responses:   []resp{jsonResp(ok, "The dataset.", ref("Dataset"))}, Errors: []int{404, 410}},
		{Method: "DELETE", Path: "/datasets/{dataset}/", Tag: "datasets", Auth: authUser, Summary: "Delete a dataset",
			Description: "Soft delete: later reads answer as `GET` says; changes answer 410.",
			Responses:   []resp{noContent("Deleted.")}, Errors: []int{404, 410}},
		{Method: "GET", Path: "/organizations/{org}/assignments/", Tag: "datasets", Auth: authUser,
			Summary: "Partial editors' datasets", Description: "Admins. One assignment object per assigned dataset, as udata's.",
			Responses: []resp{jsonResp(ok, "The assignments.", list("Assignment"))}, Errors: []int{403, 404, 410}},
		{Method: "PUT", Path: "/organizations/{org}/member/{user}/assignments/", Tag: "datasets", Auth: authUser,
			Summary: "Set a partial editor's datasets",
			Description: "Admins. The body is the member's whole list of `{class: \"Dataset\", id}`; 400 when the user is " +
				"not a partial editor of the organization, a subject is unknown or another organization's, or the body " +
				"is no such list.",
			Body:      &body{Type: "application/json", Schema: arrayOf(ref("ClassRef")), Description: "The subjects."},
			Responses: []resp{jsonResp(ok, "The member's assignments.", list("Assignment"))}, Errors: []int{404, 410}},
		{Method: "PUT", Path: "/organizations/{org}/assignments/{user}/", Tag: "datasets", Auth: authUser,
			Summary:     "Assign datasets to a partial editor (earlier form)",
			Description: "socle's earlier form of the above, kept as an alias. Admins.",
			Body:        jsonBody("AssignmentInput", ""),
			Responses:   []resp{jsonResp(ok, "The member's datasets.", ref("AssignmentSet"))}, Errors: []int{404, 410}},

		// resources
		{Method: "POST", Path: "/datasets/{dataset}/upload/", Tag: "resources", Auth: authUser, Summary: "Upload a file resource",
			Description: "Multipart, streamed; the SHA-1 (`checksum`) and SHA-256 are computed on the way. A zip is checked " +
				"as GTFS, the report in `extras.validation` (it never blocks). Too big: 400 on `file`; an extension not " +
				"in /datasets/extensions/: 400 with udata's message. Chunked (udata's fields): each part answers 200 " +
				"`{success: true}`, a part whose size is not `chunksize` 400; the last request, without a file, puts " +
				"the parts together and answers as a whole upload. While it does, the upload is claimed: another last " +
				"request, or a part, of that `uuid` is refused with 409 on `uuid`; when the file is refused, the parts " +
				"are kept and the upload released, to try again.",
			Body: &body{Type: "multipart/form-data", Schema: ref("ResourceUpload")},
			Responses: []resp{jsonResp(created, "The resource, `filetype` file.", ref("Resource")),
				jsonResp(ok, "A part of a chunked upload was kept.", ref("UploadStatus"))}, Errors: []int{404, 409, 410}},
		{Method: "POST", Path: "/datasets/{dataset}/resources/", Tag: "resources", Auth: authUser, Summary: "Add a remote resource",
			Description: "`filetype` other than remote: 400 \"This endpoint only supports remote resources\".",
			Body:        jsonBody("ResourceInput", ""),
			Responses:   []resp{jsonResp(created, "The resource.", ref("Resource"))}, Errors: []int{404, 410}},
		{Method: "PUT", Path: "/datasets/{dataset}/resources/", Tag: "resources", Auth: authUser, Summary: "Reorder and retitle resources",
			Body: &body{Type: "application/json", Schema: ref("ResourceOrder"),
				Description: "Every resource, once, in the new order, with a new title or description when given (udata's bulk update)."},
			Responses: []resp{jsonResp(ok, "The resources in their new order.", list("Resource"))}, Errors: []int{404, 410}},
		{Method: "GET", Path: "/datasets/{dataset}/resources/{rid}/", Tag: "resources", Auth: authOptional, Summary: "One resource",
			Description: "Seen as its dataset is: of a deleted dataset, to those who could edit it; 410 or 404 to others.",
			Responses:   []resp{jsonResp(ok, "The resource, with its earlier files in `versions`.", ref("Resource"))},
			Errors:      []int{404, 410}},
		{Method: "PUT", Path: "/datasets/{dataset}/resources/{rid}/", Tag: "resources", Auth: authUser, Summary: "Update a resource",
			Description: "`url` for remote resources only; changing `filetype`: 400.",
			Body:        jsonBody("ResourceInput", ""),
			Responses:   []resp{jsonResp(ok, "The resource.", ref("Resource"))}, Errors: []int{404, 410}},
		{Method: "DELETE", Path: "/datasets/{dataset}/resources/{rid}/", Tag: "resources", Auth: authUser, Summary: "Delete a resource",
			Responses: []resp{noContent("Deleted.")}, Errors: []int{404, 410}},
		{Method: "POST", Path: "/datasets/{dataset}/resources/{rid}/upload/", Tag: "resources", Auth: authUser,
			Summary: "Upload a new file for a resource",
			Description: "The previous file is kept in `versions`; the resource takes the file's name as title, as udata. " +
				"Chunked uploads as for a new resource. A remote resource: 400.",
			Body: &body{Type: "multipart/form-data", Schema: ref("ResourceFileUpload")},
			Responses: []resp{jsonResp(ok, "The resource, or a part of a chunked upload kept.",
				schema{"oneOf": []any{ref("Resource"), ref("UploadStatus")}})}, Errors: []int{404, 409, 410}},
		{Method: "GET", Path: "/datasets/r/{rid}", Tag: "resources", Auth: authOptional, Summary: "The current file of a resource",
			Pattern:   "GET /api/1/datasets/{dataset}/{file}",
			Responses: []resp{{Status: http.StatusFound, Description: "To the current file or URL.", Headers: map[string]string{"Location": "The file's URL."}}},
			Errors:    []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/datasets/{dataset}/rdf", Tag: "exports", Auth: authOptional, Summary: "DCAT of one dataset",
			Pattern: "GET /api/1/datasets/{dataset}/{file}", Responses: rdf, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/datasets/{dataset}/rdf.jsonld", Tag: "exports", Auth: authOptional, Summary: "DCAT of one dataset, JSON-LD",
			Pattern: "GET /api/1/datasets/{dataset}/{file}", Responses: rdf, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/datasets/{dataset}/rdf.ttl", Tag: "exports", Auth: authOptional, Summary: "DCAT of one dataset, Turtle",
			Pattern: "GET /api/1/datasets/{dataset}/{file}", Responses: ttl, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/datasets/{dataset}/rdf.xml", Tag: "exports", Auth: authOptional, Summary: "DCAT of one dataset, RDF/XML",
			Pattern: "GET /api/1/datasets/{dataset}/{file}", Responses: rdfXML, Errors: []int{404, 410}, NoMask: true},

		// transfers
		{Method: "POST", Path: "/transfer/", Tag: "transfers", Auth: authUser, Summary: "Propose a transfer",
			Description: "An admin of the dataset's organization, or the owner of a personal dataset (or a sysadmin); 403 " +
				"to its editors. Unknown or hidden dataset: 400 on `subject`. Several transfers of one dataset may wait; " +
				"accepting one makes the others stale.",
			Body:      jsonBody("TransferInput", ""),
			Responses: []resp{jsonResp(created, "The transfer.", ref("Transfer"))}, Errors: []int{410}},
		{Method: "GET", Path: "/transfer/", Tag: "transfers", Auth: authUser, Summary: "My pending transfers",
			Description: "Those I asked for or may answer, oldest first.",
			Params: []param{{Name: "subject", In: "query", Description: "Only this dataset's.", Schema: str()},
				{Name: "subject_type", In: "query", Description: "Only this kind of subject (socle transfers datasets).", Schema: str()},
				{Name: "recipient", In: "query", Description: "Only those to this organization or user.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "The transfers.", list("Transfer"))}},
		{Method: "GET", Path: "/transfer/{id}/", Tag: "transfers", Auth: authUser, Summary: "One transfer",
			Params:      []param{idParam("Transfer id.")},
			Description: "To those who may see it; 404 to others.",
			Responses:   []resp{jsonResp(ok, "The transfer.", ref("Transfer"))}, Errors: []int{404}},
		{Method: "POST", Path: "/transfer/{id}/", Tag: "transfers", Auth: authUser, Summary: "Answer a transfer",
			Description: "Accept: an admin of the recipient organization, or the recipient user (or a sysadmin), never " +
				"the requester (403). Refuse: the same, or the requester (it withdraws the request). Once: 400 after. " +
				"400 too when the dataset changed owner or was deleted since (another transfer was accepted first).",
			Params: []param{idParam("Transfer id.")}, Body: jsonBody("TransferAnswer", ""),
			Responses: []resp{jsonResp(ok, "The transfer.", ref("Transfer"))}, Errors: []int{404}},

		// exports
		{Method: "GET", Path: "/site/catalog", Tag: "exports", Summary: "DCAT catalog of public datasets",
			Params: catalogParams, Responses: rdf, NoMask: true},
		{Method: "GET", Path: "/site/catalog.jsonld", Tag: "exports", Summary: "DCAT catalog, JSON-LD",
			Params: catalogParams, Responses: rdf, NoMask: true},
		{Method: "GET", Path: "/site/catalog.ttl", Tag: "exports", Summary: "DCAT catalog, Turtle",
			Params: catalogParams, Responses: ttl, NoMask: true},
		{Method: "GET", Path: "/site/catalog.xml", Tag: "exports", Summary: "DCAT catalog, RDF/XML",
			Params: catalogParams, Responses: rdfXML, NoMask: true},
		{Method: "GET", Path: "/organizations/{org}/catalog", Tag: "exports", Summary: "DCAT catalog of an organization",
			Params: catalogParams, Responses: rdf, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/organizations/{org}/catalog.jsonld", Tag: "exports", Summary: "DCAT catalog of an organization, JSON-LD",
			Params: catalogParams, Responses: rdf, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/organizations/{org}/catalog.ttl", Tag: "exports", Summary: "DCAT catalog of an organization, Turtle",
			Params: catalogParams, Responses: ttl, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/organizations/{org}/catalog.xml", Tag: "exports", Summary: "DCAT catalog of an organization, RDF/XML",
			Params: catalogParams, Responses: rdfXML, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/site/datasets.csv", Tag: "exports", Summary: "CSV of public datasets",
			Responses: []resp{csv("Semicolon-separated, streamed.")}, NoMask: true, Infallible: true},
		{Method: "GET", Path: "/site/resources.csv", Tag: "exports", Summary: "CSV of the resources of public datasets",
			Responses: []resp{csv("Semicolon-separated, streamed.")}, NoMask: true, Infallible: true},
		{Method: "GET", Path: "/site/organizations.csv", Tag: "exports", Summary: "CSV of organizations",
			Responses: []resp{csv("Semicolon-separated, streamed.")}, NoMask: true, Infallible: true},
		{Method: "GET", Path: "/organizations/{org}/datasets.csv", Tag: "exports", Summary: "CSV of an organization's public datasets",
			Responses: []resp{csv("Semicolon-separated, streamed.")}, Errors: []int{404, 410}, NoMask: true},
		{Method: "GET", Path: "/organizations/{org}/datasets-resources.csv", Tag: "exports",
			Summary:   "CSV of the resources of an organization's public datasets",
			Responses: []resp{csv("Semicolon-separated, streamed; udata's columns.")}, Errors: []int{404, 410}, NoMask: true},

		// directory
		{Method: "GET", Path: "/directory/suggest/", Tag: "directory", Summary: "Suggest local authorities",
			Description: "For the organization form: authorities of the official directory.",
			Params:      []param{qParam, sizeParamDoc},
			Responses:   []resp{jsonResp(ok, "Matching authorities.", list("AuthoritySuggestion"))}},

		// oauth
		{Method: "GET", Path: "/client_info", Server: "/oauth", Pattern: "GET /oauth/client_info", Tag: "oauth",
			Summary:     "What a consent screen shows of a client (udata's)",
			Description: "The client's name and logo, and which of the scopes asked (all it may ask, when none) it would get.",
			Params: []param{{Name: "client_id", In: "query", Required: true, Description: "The client's id.", Schema: str()},
				{Name: "scope", In: "query", Description: "Space-separated scopes asked.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "The client and the scopes it would get.", object(map[string]schema{
				"client": object(map[string]schema{"id": str(), "name": str(), "logo": str(), "confidential": boolean()}),
				"scopes": arrayOf(str())}))},
			Errors: []int{404}},

		// documentation
		{Method: "GET", Path: "/swagger.json", Tag: "documentation", Summary: "This document (udata's path)",
			Responses: document, NoMask: true, Infallible: true},
		{Method: "GET", Path: "/openapi.json", Server: "/api", Tag: "documentation", Summary: "This document",
			Responses: document, NoMask: true, Infallible: true},
		{Method: "GET", Path: "/swagger/", Tag: "documentation", Summary: "This document as a web page",
			Responses: []resp{{Status: ok, Description: "The page.", Type: "text/html", Schema: str()}}, NoMask: true, Infallible: true},
	}
}
