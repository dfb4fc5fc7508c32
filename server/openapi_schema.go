package server

import (
	"reflect"

	"github.com/policyflow/policyflow/policies"
)

// enums are the values of the API's named string types (policies.Enums).
func enums() map[reflect.Type][]string { return policies.Enums() }
