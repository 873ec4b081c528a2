// Swagger UI, pointed at this service's own OpenAPI document.
window.onload = () => {
  window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true});
};
