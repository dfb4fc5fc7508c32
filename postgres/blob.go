package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// blobChunk is how much of a stored file one query reads: a 20 MB
// attachment goes out in 20 reads of 1 MB, never whole in memory.
const blobChunk = 1 << 20

// blobReader reads a bytea column of one row piece by piece (substring on
// the stored value: PostgreSQL fetches only the TOAST chunks it needs when
// the column is stored uncompressed, 0050). It is an io.ReadSeeker, so
// http.ServeContent answers Range requests from it. The rows it reads are
// never updated, so the pieces belong to one file.
type blobReader struct {
	ctx   context.Context
	db    *DB
	query string // $1 the row's id, $2 the 1-based offset, $3 the length
	id    int64
	size  int64
	off   int64  // the next byte Read returns
	buf   []byte // the bytes from bufAt on
	bufAt int64
}

func (b *blobReader) Read(p []byte) (int, error) {
	if b.off >= b.size {
		return 0, io.EOF
	}
	if b.off < b.bufAt || b.off >= b.bufAt+int64(len(b.buf)) {
		n := min(int64(blobChunk), b.size-b.off)
		b.buf = b.buf[:0]
		if err := b.db.db.GetContext(b.ctx, &b.buf, b.query, b.id, b.off+1, n); err != nil {
			return 0, fmt.Errorf("postgres: read stored file %d at %d: %w", b.id, b.off, mapErr(err))
		}
		if int64(len(b.buf)) != n {
			return 0, fmt.Errorf("postgres: stored file %d: %d bytes at %d, want %d", b.id, len(b.buf), b.off, n)
		}
		b.bufAt = b.off
	}
	k := copy(p, b.buf[b.off-b.bufAt:])
	b.off += int64(k)
	return k, nil
}

func (b *blobReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += b.off
	case io.SeekEnd:
		offset += b.size
	default:
		return 0, errors.New("postgres: stored file: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("postgres: stored file: seek before the start")
	}
	b.off = offset
	return offset, nil
}
