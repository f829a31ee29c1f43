package api

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

func TestMask(t *testing.T) {
	doc := `{"id":"1","first_name":"A","email":"a@x","organizations":[{"id":"o","name":"N","slug":"n"}],
		"data":[{"id":"d","title":"T","x":1}],"next_page":null}`
	cases := []struct{ mask, want string }{
		{"{id,first_name,organizations{id,name}}", `{"id":"1","first_name":"A","organizations":[{"id":"o","name":"N"}]}`},
		{"data{id,title},next_page", `{"data":[{"id":"d","title":"T"}],"next_page":null}`},
		{" id , unknown ", `{"id":"1"}`},
		{"avatar,first_name,id,last_name,organizations,page,id,uri,apikey,email",
			`{"email":"a@x","first_name":"A","id":"1","organizations":[{"id":"o","name":"N","slug":"n"}]}`},
		{"{organizations{*}}", `{"organizations":[{"id":"o","name":"N","slug":"n"}]}`},
	}
	for _, c := range cases {
		got, err := applyMask([]byte(doc), c.mask)
		if err != nil {
			t.Fatalf("%s: %v", c.mask, err)
		}
		var a, b any
		json.Unmarshal(got, &a)
		json.Unmarshal([]byte(c.want), &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("mask %s: got %s, want %s", c.mask, got, c.want)
		}
	}
	for _, bad := range []string{"{id", "id}", "organizations{id", "{}{x}", "a{b}}"} {
		if _, err := applyMask([]byte(doc), bad); !errors.Is(err, errBadMask) {
			t.Errorf("mask %q: %v, want errBadMask", bad, err)
		}
	}
}
