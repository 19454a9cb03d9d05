#!/usr/bin/env bash
# Serve the demo: a Celery worker and the beat scheduler in the background (beat drains the
# guide-sync outbox and runs the reconcilers), the Django server in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}
port=${2:-8000}
mkdir -p .demo
.venv/bin/celery -A core worker --loglevel=INFO --concurrency=2 > .demo/worker.log 2>&1 &
worker=$!
.venv/bin/celery -A core beat --loglevel=INFO --schedule=.demo/celerybeat-schedule > .demo/beat.log 2>&1 &
beat=$!
trap 'kill $worker $beat 2>/dev/null || true' EXIT
cat <<MSG

政务服务平台演示已启动（Ctrl-C 停止）。Open:
  platform console   http://localhost:${port}/
  安徽省             http://anhui.localhost:${port}/
  合肥市             http://hefei.localhost:${port}/
  芜湖市             http://wuhu.localhost:${port}/
  蜀山区             http://shushan.localhost:${port}/      admin: http://shushan.localhost:${port}/admin/ (shushan_admin / demo-shushan-2026)
  四川省             http://sichuan.localhost:${port}/
  成都市             http://chengdu.localhost:${port}/
  统一身份认证       http://id.localhost:${port}/      SMS codes: http://id.localhost:${port}/dev/mailbox/
  health             http://shushan.localhost:${port}/healthz
Celery worker log: .demo/worker.log · beat log: .demo/beat.log

MSG
.venv/bin/python manage.py runserver "${host}:${port}"
