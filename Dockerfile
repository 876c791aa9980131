# One image for the web process (gunicorn) and the Celery workers.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production
# Pango and HarfBuzz (with its subsetter) for WeasyPrint; the print faces (Fandol
# 仿宋/楷体/黑体/宋体 from texlive-lang-chinese, registered with fontconfig; LXGW
# WenKai; Noto CJK for rare characters), as scripts/system-deps.sh installs them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
        fonts-lxgw-wenkai texlive-lang-chinese \
    && rm -rf /var/lib/apt/lists/*
COPY scripts/fontconfig/09-planner-fonts.conf /etc/fonts/conf.d/
RUN fc-cache -f
WORKDIR /app
COPY pyproject.toml README.md ./
COPY planner planner
COPY apps apps
# With django-storages for S3/MinIO, so hosts can share export files (README).
RUN pip install --no-cache-dir ".[s3]"
COPY . .
COPY --from=assets /app/node_modules node_modules
# collectstatic only reads settings; the production checks need placeholder values.
RUN DJANGO_SECRET_KEY=collectstatic-only-placeholder-value-that-is-long-enough-0123456789 \
    DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput
RUN useradd --create-home --uid 1000 app && mkdir -p /app/var && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "planner.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
