#!/bin/bash
# usage: start-ferretdb.sh BIN PORT DEBUGPORT NAME — FerretDB as the testkit runs it, on the
# perfprobe database (create it with lc_collate 'C'), with its pprof listener on DEBUGPORT.
BIN=$1; PORT=$2; DBG=$3; NAME=$4
mkdir -p ${STATE:-.data/ferretdb-probe}/$NAME/state
ZHTJ_SORT_PUSHDOWN=1 nohup $BIN --listen-addr=127.0.0.1:$PORT --telemetry=disable --log-level=error --debug-addr=127.0.0.1:$DBG --state-dir=${STATE:-.data/ferretdb-probe}/$NAME/state --handler=postgresql "--postgresql-url=postgres://postgres@127.0.0.1:5432/perfprobe?pool_max_conns=30" > ${STATE:-.data/ferretdb-probe}/$NAME/log 2>&1 &
echo $! > ${STATE:-.data/ferretdb-probe}/$NAME/pid
