import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { applyLocale, i18n } from './i18n/index.ts'
import { createAppRouter } from './router/index.ts'
import { wireSession } from './session.ts'
import './styles/main.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
const router = createAppRouter()
wireSession(router)
app.use(router)
// The stored language's messages first, so the first paint is not in the wrong language.
void applyLocale().then(() => app.mount('#app'))
