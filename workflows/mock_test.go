package workflows_test

import "github.com/stretchr/testify/mock"

// mockAny matches the activity's context argument.
var mockAny = mock.Anything
