// Package openapi reflects Go types into OpenAPI 3.0 schemas the way
// encoding/json reads and writes them, so an API's document is made from
// the very types its handlers decode and answer, and builds the document
// from an API's operations (Generator.Document; server/openapi.go gives it
// Policyflow's route table).
package openapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Generator reflects Go types into OpenAPI 3.0 schemas, the way
// encoding/json reads and writes them: json tags name the fields, a
// pointer, slice or map may be null, time.Time is a date-time string, a
// named string type of enums lists its values. A named struct becomes a
// component, named as its Go type. An answer's field is required unless
// omitempty or omitzero; a request body's also unless it is a pointer or
// tagged required:"false" (required:"true" insists), and a request body
// refuses the fields it does not name (the server's decodeJSON does). Tags say the
// rest: doc:"…" a description, minItems and maxItems an array's length,
// minimum and maximum its innermost numbers' (or the number's) range.
type Generator struct {
	Comps   map[string]any
	Names   map[reflect.Type]string
	Enums   map[reflect.Type][]string
	Fields  map[reflect.Type]map[string][]string // a request type's string fields' values (requestEnums)
	Request bool                                 // reflecting a request body (see above)
	snake   bool                                 // untagged fields in snake_case (SnakeCased)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func nullable(s map[string]any) map[string]any {
	if _, ref := s["$ref"]; ref {
		return map[string]any{"type": "object", "allOf": []any{s}, "nullable": true} // a $ref is to a struct's object
	}
	s["nullable"] = true
	return s
}

func (g *Generator) Of(t reflect.Type) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t == rawType {
		return map[string]any{"description": "any JSON value"}
	}
	if st, ok := reflect.Zero(t).Interface().(interface{ snakeType() reflect.Type }); ok && t.Kind() == reflect.Struct {
		was := g.snake
		g.snake = true
		defer func() { g.snake = was }()
		return g.Of(st.snakeType())
	}
	if vs, ok := g.Enums[t]; ok {
		return map[string]any{"type": "string", "enum": vs}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.Of(t.Elem()))
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte", "nullable": true}
		}
		return map[string]any{"type": "array", "items": g.Of(t.Elem()), "nullable": true}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.Of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.Of(t.Elem()), "nullable": true}
	case reflect.Struct:
		if t.Name() == "" {
			return g.Object(t)
		}
		name, named := g.Names[t]
		if _, made := g.Comps[name]; !named || !made {
			if !named {
				name = t.Name()
				name = strings.ToUpper(name[:1]) + name[1:]
				if _, taken := g.Comps[name]; taken {
					pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
					name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
				}
				g.Names[t] = name
			}
			g.Comps[name] = map[string]any{} // a placeholder while it is made (recursive types)
			g.Comps[name] = g.Object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{} // any value (an interface)
}

// object is a struct's schema: its JSON fields, an embedded struct's
// fields promoted as encoding/json does (a shallower field wins).
func (g *Generator) Object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		var embedded []reflect.Type
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" && opts == "" {
				continue
			}
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					embedded = append(embedded, ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
				if g.snake {
					name = snakeName(f.Name)
				}
			}
			if _, seen := props[name]; seen {
				continue
			}
			s := g.Of(ft)
			if strings.Contains(","+opts+",", ",string,") {
				s = map[string]any{"type": "string"}
			}
			if vs, ok := g.Fields[t][name]; ok && g.Request {
				s["enum"] = vs
			}
			constrain(s, f.Tag)
			props[name] = s
			optional := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
			if g.Request {
				optional = optional || ft.Kind() == reflect.Pointer || f.Tag.Get("required") == "false"
				optional = optional && f.Tag.Get("required") != "true"
			}
			if !optional {
				required = append(required, name)
			}
		}
		for _, e := range embedded {
			walk(e)
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if g.Request {
		s["additionalProperties"] = false
	}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// constrain sets what a field's tags say on its schema s: doc:"…" its
// description, minItems and maxItems its length, minimum and maximum the
// range of its innermost numbers (an array of arrays of integers: the
// integers').
func constrain(s map[string]any, tag reflect.StructTag) {
	if d := tag.Get("doc"); d != "" {
		s["description"] = d
	}
	leaf := s
	for leaf["type"] == "array" {
		leaf = leaf["items"].(map[string]any)
	}
	for _, k := range []string{"minItems", "maxItems", "minimum", "maximum"} {
		v := tag.Get(k)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			panic("openapi: tag " + k + ":" + strconv.Quote(v) + " is no number")
		}
		if strings.HasSuffix(k, "Items") {
			s[k] = n
		} else {
			leaf[k] = n
		}
	}
}

// SnakeCased is a value whose untagged fields are written in snake_case:
// the workflows' state, whose Go field names its stored form keeps (a
// Query's answer and a continued run's input), shown by the API in the
// API's one naming style.
type SnakeCased[T any] struct{ V T }

func (s SnakeCased[T]) MarshalJSON() ([]byte, error) {
	return json.Marshal(SnakeValue(reflect.ValueOf(s.V)))
}

func (SnakeCased[T]) snakeType() reflect.Type { return reflect.TypeFor[T]() }

// snakeValue is v with every struct as a map keyed by its JSON names,
// untagged fields in snake_case.
func SnakeValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return SnakeValue(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = SnakeValue(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = snakeName(f.Name)
			}
			if strings.Contains(opts, "omitempty") && v.Field(i).IsZero() {
				continue
			}
			out[name] = SnakeValue(v.Field(i))
		}
		return out
	}
	return v.Interface()
}

// snakeName is a Go field name in snake_case: VersionSHA256 → version_sha256, WorkflowID → workflow_id.
func snakeName(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 && (!unicode.IsUpper(rs[i-1]) && !unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
