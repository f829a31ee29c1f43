package files

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

var ctx = context.Background()

// forEachStore runs fn on the local store and on S3, against an S3 server
// started in the test that speaks the real protocol.
func forEachStore(t *testing.T, fn func(t *testing.T, s Store)) {
	t.Run("local", func(t *testing.T) {
		fn(t, &Local{Dir: t.TempDir(), BaseURL: "http://socle.test/files"})
	})
	t.Run("s3", func(t *testing.T) {
		fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
		t.Cleanup(fake.Close)
		s, err := NewS3(ctx, S3Config{Endpoint: strings.TrimPrefix(fake.URL, "http://"), Bucket: "socle",
			Region: "us-east-1", AccessKey: "key", SecretKey: "secret", Insecure: true, BaseURL: "http://socle.test/files"})
		if err != nil {
			t.Fatal(err)
		}
		fn(t, s)
	})
}

func TestStreamAndServe(t *testing.T) {
	forEachStore(t, func(t *testing.T, s Store) {
		data := bytes.Repeat([]byte("0123456789"), 5000)
		key := "resources/r1/v1/feed.zip"
		st, err := s.PutStream(ctx, key, bytes.NewReader(data), int64(len(data)))
		sum, sum1 := sha256.Sum256(data), sha1.Sum(data)
		if err != nil || st.Size != int64(len(data)) || st.SHA256 != hex.EncodeToString(sum[:]) || st.SHA1 != hex.EncodeToString(sum1[:]) {
			t.Fatalf("put: %+v %v", st, err)
		}
		o, err := s.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 10)
		if _, err := o.ReadAt(buf, 25); err != nil || string(buf) != "5678901234" {
			t.Fatalf("read at: %q %v", buf, err)
		}
		o.Close()
		srv := httptest.NewServer(http.StripPrefix("/files/", s.Handler()))
		defer srv.Close()
		req, _ := http.NewRequest("GET", srv.URL+"/files/"+key, nil)
		req.Header.Set("Range", "bytes=100-109")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusPartialContent || string(got) != string(data[100:110]) ||
			res.Header.Get("ETag") != `"v1"` || res.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("range: %d %q %v", res.StatusCode, got, res.Header)
		}
		if err := s.Remove(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, key); err == nil {
			t.Fatal("removed file still opens")
		}
	})
}

func TestTooLargeLeavesNothing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s Store) {
		key := "resources/r2/v1/big.bin"
		_, err := s.PutStream(ctx, key, bytes.NewReader(make([]byte, 1001)), 1000)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("over the limit: %v", err)
		}
		if _, err := s.Open(ctx, key); err == nil {
			t.Fatal("a refused upload left a file")
		}
	})
}

func TestInterruptedUploadLeavesNothing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s Store) {
		key := "resources/r3/v1/cut.bin"
		r := io.MultiReader(bytes.NewReader(make([]byte, 5000)), failing{})
		if _, err := s.PutStream(ctx, key, r, 1<<20); err == nil {
			t.Fatal("an interrupted upload succeeded")
		}
		if _, err := s.Open(ctx, key); err == nil {
			t.Fatal("an interrupted upload left a file")
		}
	})
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("client went away") }

// BenchmarkUpload measures streaming a 64 MiB upload to the local store
// (hashing included) against a plain write of the same bytes to disk.
func BenchmarkUpload(b *testing.B) {
	data := bytes.Repeat([]byte("socle"), 64<<20/5)
	l := &Local{Dir: b.TempDir()}
	b.Run("socle-local", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := l.PutStream(ctx, "bench/file", bytes.NewReader(data), 1<<30); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw-disk", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := l.Put(ctx, "bench/raw", bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
