package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql" // the postgres12 plugin
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
	"google.golang.org/protobuf/types/known/durationpb"
)

func startCmd(args []string) error {
	fs := flag.NewFlagSet("start", flag.ExitOnError)
	var pg pgFlags
	pg.register(fs)
	ip := fs.String("ip", "127.0.0.1", "address every service binds to")
	port := fs.Int("port", 7233, "frontend gRPC port (the other services take the next ports up)")
	shards := fs.Int("shards", 4, "number of history shards (fixed for the life of the database)")
	namespaces := fs.String("namespace", "default", "comma-separated namespaces to register once the frontend answers")
	logLevel := fs.String("log-level", "warn", "server log level: debug, info, warn, error")
	var mtls tlsFlags
	mtls.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The server's own client (it registers the namespaces), which also
	// reads the files before anything starts.
	clientTLS, err := mtls.clientConfig()
	if err != nil {
		return err
	}

	cfg := serverConfig(pg, *ip, *port, *shards, *logLevel)
	cfg.Global.TLS = mtls.rootTLS(*ip)
	logger := log.NewZapLogger(log.BuildZapLogger(cfg.Log))
	hosts := map[primitives.ServiceName]static.Hosts{}
	for name, svc := range cfg.Services {
		hosts[primitives.ServiceName(name)] = static.SingleLocalHost(net.JoinHostPort(*ip, fmt.Sprint(svc.RPC.GRPCPort)))
	}
	dyn := dynamicconfig.StaticClient{
		// One process holds every shard; let the history cache hold them all.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key(): 8192,
	}
	s, err := temporal.NewServer(
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithConfig(cfg),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dyn),
	)
	if err != nil {
		return fmt.Errorf("create server: %w", err)
	}
	if err := s.Start(); err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	frontend := net.JoinHostPort(*ip, fmt.Sprint(*port))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	err = registerNamespaces(ctx, frontend, clientTLS, strings.Split(*namespaces, ","))
	cancel()
	if err != nil {
		s.Stop()
		return err
	}
	// The line the cluster test waits for.
	fmt.Printf("temporal-server: ready on %s (%d history shards, PostgreSQL %s:%d, %s)\n", frontend, *shards, pg.host, pg.port, mtls.describe())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	s.Stop()
	return nil
}

// serverConfig is the static configuration: PostgreSQL (plugin postgres12)
// for persistence and visibility, one cluster, four services on consecutive
// ports from the frontend's, archival off.
func serverConfig(pg pgFlags, ip string, port, shards int, logLevel string) *config.Config {
	sqlStore := func(db string) config.DataStore {
		return config.DataStore{SQL: &config.SQL{
			PluginName:      pluginName,
			DatabaseName:    db,
			ConnectAddr:     net.JoinHostPort(pg.host, fmt.Sprint(pg.port)),
			ConnectProtocol: "tcp",
			User:            pg.user,
			Password:        pg.password,
			MaxConns:        20,
			MaxIdleConns:    20,
			MaxConnLifetime: time.Hour,
		}}
	}
	var c config.Config
	c.Log = log.Config{Stdout: true, Level: logLevel, Format: "json"}
	c.Global.Membership.MaxJoinDuration = 30 * time.Second
	c.Global.Membership.BroadcastAddress = ip
	c.Persistence.DefaultStore = "pg-default"
	c.Persistence.VisibilityStore = "pg-visibility"
	c.Persistence.NumHistoryShards = int32(shards)
	c.Persistence.DataStores = map[string]config.DataStore{
		"pg-default":    sqlStore(pg.db),
		"pg-visibility": sqlStore(pg.visibilityDB),
	}
	const clusterName = "active"
	c.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             net.JoinHostPort(ip, fmt.Sprint(port)),
				HTTPAddress:            net.JoinHostPort(ip, fmt.Sprint(port+4)),
			},
		},
	}
	c.DCRedirectionPolicy.Policy = "noop"
	service := func(grpcPort, httpPort int) config.Service {
		var s config.Service
		s.RPC.GRPCPort = grpcPort
		s.RPC.HTTPPort = httpPort
		s.RPC.BindOnIP = ip
		return s
	}
	c.Services = map[string]config.Service{
		"frontend": service(port, port+4),
		"history":  service(port+1, 0),
		"matching": service(port+2, 0),
		"worker":   service(port+3, 0),
	}
	c.Archival.History.State = "disabled"
	c.Archival.Visibility.State = "disabled"
	c.NamespaceDefaults.Archival.History.State = "disabled"
	c.NamespaceDefaults.Archival.Visibility.State = "disabled"
	c.PublicClient.HostPort = net.JoinHostPort(ip, fmt.Sprint(port))
	return &c
}

// registerNamespaces registers each namespace (an existing one is kept),
// retrying while the frontend is still coming up; over mutual TLS with the
// server's own certificate when clientTLS is set.
func registerNamespaces(ctx context.Context, frontend string, clientTLS *tls.Config, names []string) error {
	var nc sdkclient.NamespaceClient
	for {
		var err error
		nc, err = sdkclient.NewNamespaceClient(sdkclient.Options{HostPort: frontend, ConnectionOptions: sdkclient.ConnectionOptions{TLS: clientTLS}})
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("frontend %s never answered: %w", frontend, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	defer nc.Close()
	for _, ns := range names {
		ns = strings.TrimSpace(ns)
		if ns == "" {
			continue
		}
		for {
			err := nc.Register(ctx, &workflowservice.RegisterNamespaceRequest{
				Namespace:                        ns,
				WorkflowExecutionRetentionPeriod: durationpb.New(72 * time.Hour),
			})
			if err == nil || strings.Contains(err.Error(), "already") {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("register namespace %s: %w", ns, err)
			case <-time.After(200 * time.Millisecond):
			}
		}
		// A namespace is served once the frontend's namespace cache has it.
		for {
			_, err := nc.Describe(ctx, ns)
			if err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("describe namespace %s: %w", ns, err)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}
