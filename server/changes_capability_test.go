package server

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// No one acts alone on a leader's power, and the compiler keeps it so: no
// type the web layer holds has a write that applies a change of power
// directly (policies.PowerWriter); a handler can only propose it, and the
// store applies it when a second person confirms.
func TestWebLayerHoldsNoSingleHandedPower(t *testing.T) {
	power := reflect.TypeFor[policies.PowerWriter]()
	if power.NumMethod() == 0 {
		t.Fatal("PowerWriter has no methods: the check sees nothing")
	}
	for _, root := range []reflect.Type{reflect.TypeFor[Server](), reflect.TypeFor[Deps]()} {
		held := map[string][]string{}
		walkHeld(root, root.Name(), map[reflect.Type]bool{}, func(where, method string) {
			held[method] = append(held[method], where)
		})
		for i := range power.NumMethod() {
			if where, ok := held[power.Method(i).Name]; ok {
				t.Errorf("the web layer holds %s, a change of power one person would make alone, at %s", power.Method(i).Name, strings.Join(where, ", "))
			}
		}
		if _, ok := held["ConfirmChange"]; !ok {
			t.Errorf("%s holds no ConfirmChange: changes of power cannot be confirmed", root.Name())
		}
	}
}
