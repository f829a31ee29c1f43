package app_test

import (
	"io"

	"github.com/socle-portal/socle/internal/catalog"
)

func catalogInput(title string) catalog.Input {
	return catalog.Input{Title: title, Description: "d", License: "lov2"}
}

func resourceInput(title string) catalog.ResourceInput { return catalog.ResourceInput{Title: title} }

func upload(name string, r io.Reader) catalog.Upload { return catalog.Upload{Filename: name, Body: r} }
