package images_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"testing"

	"github.com/socle-portal/socle/internal/images"
	"github.com/socle-portal/socle/internal/validate"
)

func TestDecode(t *testing.T) {
	var small bytes.Buffer
	png.Encode(&small, image.NewRGBA(image.Rect(0, 0, 40, 20)))
	// A PNG header claiming 10,000 × 10,000 pixels: refused before decoding.
	huge := bytes.Clone(small.Bytes())
	copy(huge[16:24], []byte{0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10})
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	for name, c := range map[string]struct {
		data []byte
		key  string
	}{
		"png":       {small.Bytes(), ""},
		"gif":       {[]byte("GIF89a\x01\x00\x01\x00"), "image.format"},
		"text":      {[]byte("hello"), "image.format"},
		"too big":   {append(bytes.Clone(small.Bytes()), make([]byte, images.MaxBytes)...), "file.too_big"},
		"too large": {huge, "image.dimensions"},
	} {
		img, err := images.Decode(bytes.NewReader(c.data), "file.too_big")
		var v *validate.Errors
		switch {
		case c.key == "" && (err != nil || img.Bounds().Dx() != 40):
			t.Errorf("%s: %v", name, err)
		case c.key != "" && (!errors.As(err, &v) || len(v.Fields["file"]) != 1 || v.Fields["file"][0] != c.key):
			t.Errorf("%s: got %v, want %s on file", name, err, c.key)
		}
	}
	if b := images.Fit(image.NewRGBA(image.Rect(0, 0, 300, 900)), 100).Bounds(); b.Dx() != 33 || b.Dy() != 100 {
		t.Errorf("fit: %v", b)
	}
}
