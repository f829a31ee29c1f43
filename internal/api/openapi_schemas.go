package api

import (
	"slices"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

func roleIDs() []string { return strs(org.RoleIDs()) }

// strs turns a domain's list of values (roles, statuses) into an enum's.
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func badgeKinds() []string {
	var out []string
	for k := range org.Badges {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func licenseIDs() []string {
	var out []string
	for _, l := range catalog.Licenses {
		out = append(out, l.ID)
	}
	return out
}

var (
	userRefProps = map[string]schema{"id": str(), "slug": str(), "first_name": str(), "last_name": str(),
		"avatar": nullable(uri()), "avatar_thumbnail": nullable(uri()), "uri": uri(), "page": uri(),
		"email": schema{"type": []string{"string", "null"},
			"description": "The address to the user themself on /me/ and to sysadmins; masked (`th*****@example.org`) to an organization's members for its members and applicants; null otherwise."},
		"last_login_at": schema{"type": []string{"string", "null"}, "format": "date-time",
			"description": "To the user themself on /me/, sysadmins, and an organization's members for its members."}}
	orgRefProps = map[string]schema{"id": str(), "name": str(), "slug": str(), "acronym": nullable(str()),
		"logo": nullable(uri()), "logo_thumbnail": nullable(uri()), "uri": uri(), "page": uri(),
		"badges": arrayOf(ref("Badge"))}
	requestProps = map[string]schema{
		"id":              schema{"type": "string", "format": "uuid"},
		"user":            nullable(ref("UserRef")),
		"email":           nullable(str()),
		"kind":            enumOf("request", "invitation"),
		"status":          enumOf(strs(org.RequestStatuses)...),
		"role":            enumOf(roleIDs()...),
		"comment":         str(),
		"created":         dateTime(),
		"assignments":     arrayOf(ref("ClassRef")),
		"handled_on":      nullable(dateTime()),
		"handled_by":      nullable(ref("UserRef")),
		"refusal_comment": nullable(str()),
		"organization":    ref("OrganizationRef"),
	}
	tokenProps = map[string]schema{"id": str(), "name": nullable(str()),
		"token_prefix": schema{"type": "string", "description": "The first characters of the token, to tell tokens apart."},
		"scopes":       arrayOf(str()), "kind": enumOf("api_key"), "created_at": dateTime(),
		"last_used_at": nullable(dateTime()), "expires_at": nullable(dateTime()), "user_agents": arrayOf(str())}
	checksum = object(map[string]schema{"type": enumOf(catalog.ChecksumTypes...), "value": str()})
)

// pageOf is udata's paginated envelope around items.
func pageOf(items schema, maxSize int) schema {
	return object(map[string]schema{
		"data":          arrayOf(items),
		"page":          schema{"type": "integer", "minimum": 1},
		"page_size":     schema{"type": "integer", "minimum": 1, "maximum": maxSize},
		"total":         schema{"type": "integer", "minimum": 0},
		"next_page":     nullable(uri()),
		"previous_page": nullable(uri()),
	})
}

// apiSchemas are the components: udata's shapes as socle writes them.
func apiSchemas() map[string]schema {
	fieldErrors := schema{"type": "object", "description": "Messages by field; nested fields nest.",
		"additionalProperties": schema{"anyOf": []any{str(), arrayOf(str()), ref("FieldErrors")}}}
	return map[string]schema{
		"Error": object(map[string]schema{"message": str(), "errors": ref("FieldErrors"),
			"success": schema{"type": "boolean", "description": "Uploads only: false, as udata's."},
			"error":   schema{"type": "string", "description": "Uploads only: the message again, as udata's."}},
			"errors", "success", "error"),
		"FieldErrors": fieldErrors,
		"Empty":       object(map[string]schema{}),
		"DuplicateConflict": object(map[string]schema{"message": str(),
			"duplicates": arrayOf(ref("OrganizationRef"))}),

		"UserRef": object(userRefProps),
		"User": object(with(userRefProps, map[string]schema{
			"website": nullable(str()), "about": str(), "roles": arrayOf(enumOf("admin")),
			"organizations": arrayOf(ref("OrganizationRef")), "since": dateTime(), "created_at": dateTime(),
			"active": boolean(),
			"metrics": object(map[string]schema{"datasets": integer(), "followers": integer(), "following": integer(),
				"reuses": integer()}),
		})),
		"UserSuggestion": object(map[string]schema{"id": str(), "first_name": str(), "last_name": str(),
			"slug": str(), "avatar_url": nullable(uri())}),
		"UserUpdate": input(map[string]schema{"first_name": str(), "last_name": str(), "about": str(),
			"website": nullable(schema{"type": "string", "description": "An http or https URL."})}),

		"APIToken": object(tokenProps),
		"NewAPIToken": object(with(tokenProps, map[string]schema{
			"token": schema{"type": "string", "description": "The token itself, shown only in this answer."}})),
		"APITokenInput": input(map[string]schema{"name": str(),
			"expires_at": schema{"type": "string", "description": "A future date or date-time (ISO 8601)."},
			"scopes":     arrayOf(enumOf("default"))}),
		"MyMetrics": object(map[string]schema{"resources_availability": schema{"type": "number"},
			"datasets_count": integer(), "datasets_org_count": integer(), "followers_count": integer(),
			"followers_org_count": integer()}),

		"Badge":           object(map[string]schema{"kind": enumOf(badgeKinds()...)}),
		"BadgeInput":      input(map[string]schema{"kind": enumOf(badgeKinds()...)}, "kind"),
		"BadgeKinds":      schema{"type": "object", "description": "Badge kind to label.", "additionalProperties": str()},
		"Role":            object(map[string]schema{"id": enumOf(roleIDs()...), "label": str()}),
		"OrganizationRef": object(orgRefProps),
		"Organization": object(with(orgRefProps, map[string]schema{
			"description": str(), "url": nullable(uri()), "business_number_id": nullable(str()),
			"members": arrayOf(ref("Member")),
			"metrics": object(map[string]schema{"datasets": integer(), "members": integer(), "followers": integer(),
				"reuses": integer(), "views": integer()}),
			"created_at": dateTime(), "last_modified": dateTime(), "deleted": nullable(dateTime()),
			"permissions": object(map[string]schema{"edit": boolean(), "delete": boolean(), "members": boolean(),
				"harvest": boolean(), "private": boolean()}),
			"duplicates": schema{"type": "array", "items": ref("OrganizationRef"),
				"description": "In the answer to a creation only: the existing organizations this one looks like."},
		}), "duplicates"),
		"OrganizationInput": input(map[string]schema{
			"name":        schema{"type": "string", "maxLength": 350},
			"acronym":     schema{"type": []string{"string", "null"}, "maxLength": 128},
			"description": schema{"type": "string", "maxLength": 100_000},
			"url":         schema{"type": []string{"string", "null"}, "description": "An http or https URL."},
			"business_number_id": schema{"type": []string{"string", "null"},
				"description": "SIRET (14 digits) or SIREN (9 digits), with valid Luhn keys (La Poste excepted)."},
			"confirm_duplicates": schema{"type": "boolean", "description": "Create even if it looks like an existing organization (creation only)."},
		}),
		"OrganizationSuggestion": object(map[string]schema{"id": str(), "name": str(), "acronym": nullable(str()),
			"slug": str(), "image_url": nullable(uri()), "page": uri()}),
		"Image": object(map[string]schema{"image": uri(), "success": boolean()}),

		"Member": object(map[string]schema{"user": ref("UserRef"), "role": enumOf(roleIDs()...),
			"since": dateTime(), "label": str()}),
		"Follower":          object(map[string]schema{"id": str(), "follower": ref("UserRef"), "since": dateTime()}),
		"RoleInput":         input(map[string]schema{"role": enumOf(roleIDs()...)}),
		"CommentInput":      input(map[string]schema{"comment": str()}, "comment"),
		"MembershipRequest": object(requestProps),
		"SupportLookalike": object(map[string]schema{"organization": ref("OrganizationRef"), "lookalike": ref("OrganizationRef"),
			"created_at": dateTime(), "created_by": nullable(ref("UserRef"))}),
		"SupportRequest": object(with(requestProps, map[string]schema{
			"escalated_on":      nullable(dateTime()),
			"escalation_reason": enumOf(org.EscalateStale, org.EscalateNoAdmin, "asked"),
			"admins":            arrayOf(ref("Member")),
		})),
		"InvitationInput": input(map[string]schema{
			"user":  schema{"type": "string", "description": "Id of the user to invite; this or email."},
			"email": schema{"type": "string", "format": "email", "description": "Address to invite; this or user."},
			"role":  enumOf(roleIDs()...), "comment": str(), "assignments": arrayOf(ref("ClassRef"))}),
		"Invitation": object(map[string]schema{"id": schema{"type": "string", "format": "uuid"},
			"organization": ref("OrganizationRef"), "role": enumOf(roleIDs()...), "comment": str(),
			"created": dateTime(), "expires": nullable(dateTime()), "assignments": arrayOf(ref("ClassRef"))}),
		"ClassRef": object(map[string]schema{"class": str(), "id": str()}),

		"Notification": object(map[string]schema{"id": str(), "created_at": dateTime(),
			"handled_at": nullable(dateTime()), "user": str(),
			"details": object(map[string]schema{
				"class": enumOf(org.NotifyRequest, org.NotifyAccepted, org.NotifyRefused, org.NotifyBadge,
					org.NotifyEscalated),
				"request_organization": nullable(ref("OrganizationRef")),
				"request_user":         ref("UserRef"),
				"organization":         nullable(ref("OrganizationRef")),
				"kind":                 schema{"type": "string", "description": "request or invitation; the badge kind for a new badge."},
				"comment":              str(),
			}, "request_organization", "request_user", "organization", "kind", "comment"),
		}),

		"Dataset": object(map[string]schema{
			"id": str(), "slug": str(), "title": str(), "acronym": nullable(str()), "description": str(),
			"description_short": nullable(str()), "created_at": dateTime(), "last_modified": dateTime(),
			"last_update": dateTime(), "deleted": nullable(dateTime()), "archived": nullable(dateTime()),
			"private": boolean(), "draft": boolean(), "featured": boolean(), "tags": arrayOf(str()),
			"badges": arrayOf(ref("Badge")), "resources": arrayOf(ref("Resource")),
			"frequency": enumOf(catalog.Frequencies...), "frequency_date": nullable(dateTime()),
			"temporal_coverage": nullable(object(map[string]schema{
				"start": nullable(schema{"type": "string", "format": "date"}),
				"end":   nullable(schema{"type": "string", "format": "date"})})),
			"spatial": object(map[string]schema{"zones": arrayOf(str()), "granularity": str(), "geom": schema{"type": []string{"object", "null"},
				"description": "A GeoJSON geometry, as sent."}}),
			"license": enumOf(licenseIDs()...), "organization": nullable(ref("OrganizationRef")),
			"owner": nullable(ref("UserRef")), "extras": schema{"type": "object"},
			"metrics": object(map[string]schema{"discussions": integer(), "followers": integer(), "reuses": integer(),
				"views": integer(), "resources_downloads": integer()}),
			"uri": uri(), "page": uri(),
			"permissions": object(map[string]schema{"edit": boolean(), "delete": boolean(), "edit_resources": boolean()}),
			"quality": object(map[string]schema{"license": boolean(), "temporal_coverage": boolean(), "spatial": boolean(),
				"update_frequency": boolean(), "dataset_description_quality": boolean(), "has_resources": boolean(),
				"has_open_format": boolean(), "all_resources_available": boolean(), "resources_documentation": boolean(),
				"update_fulfilled_in_time": boolean(), "score": schema{"type": "number"}}),
			"internal": ref("Internal"),
		}),
		"Internal": object(map[string]schema{"created_at_internal": dateTime(), "last_modified_internal": dateTime()}),
		"DatasetInput": input(map[string]schema{
			"title": schema{"type": "string", "maxLength": 350}, "acronym": nullable(str()),
			"description":       schema{"type": "string", "maxLength": 100_000},
			"description_short": schema{"type": []string{"string", "null"}, "maxLength": 200},
			"tags":              arrayOf(str()), "license": enumOf(licenseIDs()...), "frequency": enumOf(catalog.Frequencies...),
			"private": boolean(), "draft": schema{"type": "boolean", "description": "Keep it unpublished."},
			"temporal_coverage": input(map[string]schema{"start": str(), "end": str()}),
			"spatial": input(map[string]schema{"zones": arrayOf(str()), "granularity": str(),
				"geom": schema{"type": []string{"object", "null"}, "description": "A GeoJSON geometry; 400 on spatial when it is not one."}}),
			"extras":    schema{"type": "object", "description": "Free key-values, kept as sent; absent: unchanged."},
			"resources": arrayOf(ref("ResourceInput")),
			"organization": schema{"description": "The owning organization (creation only), as an id or {\"id\": ...}; none: the caller owns it.",
				"anyOf": []any{schema{"type": "string", "pattern": "^[0-9a-f]{24}$"}, input(map[string]schema{"id": str()}, "id")}},
		}),
		"DatasetSuggestion": object(map[string]schema{"id": str(), "title": str(), "acronym": nullable(str()),
			"slug": str(), "image_url": nullable(uri()), "page": uri()}),
		"License": object(map[string]schema{"id": enumOf(licenseIDs()...), "title": str(), "url": nullable(uri()),
			"alternate_urls": arrayOf(uri()), "flags": arrayOf(str()), "maintainer": nullable(str())}),
		"Frequency": object(map[string]schema{"id": enumOf(catalog.Frequencies...), "label": str()}),
		"Assignment": object(map[string]schema{"id": str(), "user": ref("ClassRef"), "organization": ref("ClassRef"),
			"subject": ref("ClassRef"), "created_at": nullable(dateTime())}),
		"AssignmentSet": object(map[string]schema{"user": str(), "datasets": arrayOf(str())}),
		"AssignmentInput": input(map[string]schema{"datasets": arrayOf(schema{"type": "string",
			"description": "Dataset id."})}, "datasets"),

		"Resource": object(map[string]schema{
			"id": schema{"type": "string", "format": "uuid"}, "title": str(), "description": str(),
			"filetype": enumOf("file", "remote"), "type": enumOf(catalog.ResourceTypes...), "format": str(),
			"url":      str(),
			"latest":   schema{"type": "string", "format": "uri", "description": "Redirects to the current file."},
			"checksum": nullable(checksum), "filesize": integer(), "mime": nullable(str()),
			"created_at": dateTime(), "last_modified": dateTime(),
			"extras": schema{"type": "object", "description": "The client's extras, as sent; socle adds `validation`, " +
				"the GTFS check of an uploaded zip.", "properties": map[string]any{"validation": schema{"type": "object"}}},
			"schema": schema{"type": "object"}, "preview_url": schema{"type": "null"},
			"versions": arrayOf(ref("ResourceVersion")), "internal": ref("Internal"),
		}, "versions"),
		"ResourceVersion": object(map[string]schema{"id": schema{"type": "string", "format": "uuid"}, "url": uri(),
			"filesize": integer(), "checksum": checksum, "mime": nullable(str()), "created_at": dateTime()}),
		"ResourceInput": input(map[string]schema{"title": str(), "description": str(),
			"type": enumOf(catalog.ResourceTypes...), "format": str(), "url": str(),
			"filetype": schema{"type": "string", "description": "remote here; it cannot change after creation."},
			"extras":   schema{"type": "object", "description": "Free key-values, kept as sent; absent: unchanged."}}),
		"ResourceUpload": schema{"type": "object",
			"description": "Text fields must come before the file part: the file is streamed. A chunked upload " +
				"(udata's fields, `totalparts` over 1) sends each part with `file`, then a last request without it.",
			"properties": chunkFields(map[string]any{
				"title": str(), "description": str(), "type": enumOf(catalog.ResourceTypes...), "format": str(),
			})},
		"ResourceFileUpload": schema{"type": "object",
			"description": "The file part, or udata's chunk fields as for a new resource; other fields are ignored.",
			"properties":  chunkFields(map[string]any{}), "additionalProperties": true},
		"UploadStatus": object(map[string]schema{"success": schema{"type": "boolean"}}),
		"FileUpload": schema{"type": "object", "required": []string{"file"}, "properties": map[string]any{
			"file": schema{"type": "string", "contentMediaType": "application/octet-stream"}},
			"description": "Other fields are ignored.", "additionalProperties": true},
		"ResourceOrder": arrayOf(input(map[string]schema{"id": str(),
			"title":       schema{"type": "string", "description": "Replaces the resource's title, when given."},
			"description": schema{"type": "string", "description": "Replaces the resource's description, when given."}}, "id")),

		"Transfer": object(map[string]schema{"id": str(), "subject": ref("ClassRef"),
			"owner": nullable(ref("ClassRef")), "recipient": nullable(ref("ClassRef")), "comment": str(),
			"status": enumOf(strs(catalog.TransferStatuses)...), "created": dateTime(),
			"responded": nullable(dateTime()), "responder": nullable(str()), "user": ref("ClassRef")}),
		"TransferInput": input(map[string]schema{
			"subject":   input(map[string]schema{"class": enumOf("Dataset"), "id": str()}, "class", "id"),
			"recipient": input(map[string]schema{"class": enumOf("Organization", "User"), "id": str()}, "class", "id"),
			"comment":   str()}, "subject", "recipient"),
		"TransferAnswer": input(map[string]schema{"response": enumOf("accept", "refuse"), "comment": str()}, "response"),

		"AuthoritySuggestion": object(map[string]schema{"kind": str(), "code": str(), "siren": nullable(str()),
			"name": str(), "population": integer(), "departement": nullable(str())}),
		"JSONLD": schema{"type": "object", "required": []string{"@context", "@graph"},
			"properties": map[string]any{"@context": schema{"type": "object"}, "@graph": arrayOf(schema{"type": "object"})}},
	}
}

// chunkFields adds the file and udata's chunk fields to props.
func chunkFields(props map[string]any) map[string]any {
	integer := schema{"type": "integer", "minimum": 0}
	props["file"] = schema{"type": "string", "contentMediaType": "application/octet-stream"}
	props["uuid"] = schema{"type": "string", "description": "The client's name for a chunked upload."}
	props["filename"] = schema{"type": "string", "description": "The chunked file's name (last request)."}
	props["partindex"], props["partbyteoffset"], props["totalparts"] = integer, integer, integer
	props["chunksize"] = schema{"type": "integer", "minimum": 1, "description": "This part's size, checked."}
	props["totalfilesize"] = schema{"type": "integer", "minimum": 0, "description": "The whole file's size, checked."}
	return props
}
