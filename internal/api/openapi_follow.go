package api

import (
	"fmt"
	"net/http"
)

// apiOps lists every operation of routes(), in the order of the page. The
// tests fail when a route is missing here, and when an answer does not match.
func apiOps() []op { return append(coreOps(), followOps()...) }

// followOps describes the followers routes and the lists socle does not
// model (followers.go, community.go).
func followOps() []op {
	ok := http.StatusOK
	followersPageSize := param{Name: "page_size", In: "query", Description: "Followers per page; above the maximum is a 400.",
		Schema: schema{"type": "integer", "minimum": 1, "maximum": maxFollowersPageSize, "default": 20}}
	userFilter := param{Name: "user", In: "query", Description: "A user id: only that user, to know whether they follow.", Schema: str()}
	count := object(map[string]schema{"followers": schema{"type": "integer", "minimum": 0}})
	var out []op
	for _, k := range []struct{ tag, path, what string }{
		{"datasets", "/datasets/{dataset}/followers/", "dataset"},
		{"organizations", "/organizations/{org}/followers/", "organization"},
	} {
		out = append(out,
			op{Method: "GET", Path: k.path, Tag: k.tag, Auth: authOptional, Summary: "The " + k.what + "'s followers",
				Description: "udata's page of follows, oldest first. Hidden " + k.what + ": 404; deleted: 410.",
				Params:      []param{pageParam, followersPageSize, userFilter},
				Responses:   []resp{jsonResp(ok, "A page of followers.", pageOf(ref("Follower"), maxFollowersPageSize))}, Errors: []int{404, 410}},
			op{Method: "POST", Path: k.path, Tag: k.tag, Auth: authUser, Summary: "Follow the " + k.what,
				Description: "Following again changes nothing.",
				Responses: []resp{jsonResp(http.StatusCreated, "Now following: the number of followers.", count),
					jsonResp(ok, "Already following: the number of followers.", count)}, Errors: []int{404, 410}},
			op{Method: "DELETE", Path: k.path, Tag: k.tag, Auth: authUser, Summary: "Stop following the " + k.what,
				Description: "404 when the caller does not follow it.",
				Responses:   []resp{jsonResp(ok, "The number of followers left.", count)}, Errors: []int{404, 410}},
		)
	}
	empty := "socle has no %s: always an empty page, so that udata's clients reading it find the envelope."
	return append(out,
		op{Method: "GET", Path: "/discussions/", Tag: "datasets", Auth: authOptional, Summary: "Discussions",
			Description: fmt.Sprintf(empty, "discussions"),
			Params: []param{pageParam, pageSizeParam,
				{Name: "for", In: "query", Description: "Ids of the objects discussed; accepted and ignored.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "An empty page.", pageOf(ref("Empty"), maxPageSize))}},
		op{Method: "GET", Path: "/datasets/community_resources/", Tag: "datasets", Auth: authOptional, Summary: "Community resources",
			Description: fmt.Sprintf(empty, "community resources"),
			Params: []param{pageParam, pageSizeParam,
				{Name: "dataset", In: "query", Description: "A dataset id; accepted and ignored.", Schema: str()}},
			Responses: []resp{jsonResp(ok, "An empty page.", pageOf(ref("Empty"), maxPageSize))}},
	)
}
